/**
 * Field results through the SDK client (the volunteer's token, the relay
 * backend) to a real relay, then through the outbox to a signed webhook: the
 * receiver gets the result as is, with the person the relay attached and the
 * list, once, and a "do not call" reaches it even though it suppressed the person.
 */
import { randomUUID } from 'node:crypto';
import { createClient, memoryQueue, relay as relayBackend } from '@tract/sdk';
import { afterEach, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { forwardingService } from '../forwarding/service.js';
import { call, createList, type FieldTestRelay, seedPeople, startFieldRelay, volunteer } from '../test-support/field.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function settled(relay: FieldTestRelay, count: number) {
  const until = Date.now() + 20_000;
  for (;;) {
    const rows = await relay.db.selectFrom('outbox').select(['status', 'last_error']).execute();
    if (rows.length >= count && rows.every((row) => row.status === 'delivered' || row.status === 'dead')) return rows;
    if (Date.now() > until) throw new Error(`outbox not settled: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a result posted with the SDK client reaches the webhook with its person and list, once; do-not-call included', async () => {
  const receiver = await startWebhookReceiver({ secret: 'field-webhook-secret-0123456789' });
  cleanup.push(() => receiver.close());
  const relay = await startFieldRelay({ backend: { type: 'webhook', url: receiver.url, secretEnv: 'TRACT_WEBHOOK_SECRET' } }, [
    forwardingService({ env: { TRACT_WEBHOOK_SECRET: 'field-webhook-secret-0123456789' }, pollMs: 20, baseDelayMs: 10 }),
  ]);
  cleanup.push(() => relay.stop());
  await seedPeople(relay, 2);
  await settled(relay, 2);
  const list = await createList(relay, { name: 'Lyon 7e', sliceSize: 2 });
  const alex = await volunteer(relay, list.id);
  const refs: string[] = (await call(relay, alex.token, 'POST', '/v1/field/slices')).body.people.map((p: { ref: string }) => p.ref);
  const phones: string[] = [];
  for (const ref of refs) phones.push((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref })).body.phone);

  const client = createClient({
    backend: relayBackend({ url: relay.url, token: alex.token }),
    queue: memoryQueue(),
    actions: ['field_result'],
  });
  cleanup.push(() => client.close());
  const answered = await client.recordFieldResult({
    ref: refs[0]!,
    outcome: 'answered',
    supportLevel: 5,
    yardSign: true,
    recordedAt: new Date().toISOString(),
  });
  expect(answered).toMatchObject({ status: 'sent', receipt: { status: 'accepted' } });
  const dnc = await client.recordFieldResult({ ref: refs[1]!, outcome: 'do_not_call', recordedAt: new Date().toISOString() });
  expect(dnc).toMatchObject({ status: 'sent', receipt: { status: 'accepted' } });
  // A ref the volunteer never revealed is refused by the relay, for good.
  await expect(
    client.recordFieldResult({ ref: randomUUID(), outcome: 'answered', recordedAt: new Date().toISOString() }),
  ).rejects.toMatchObject({ status: 404 });

  const rows = await settled(relay, 4);
  expect(rows.every((row) => row.status === 'delivered')).toBe(true);
  const results = receiver.delivered.filter((action) => action.kind === 'field_result');
  expect(results).toHaveLength(2);
  expect(receiver.duplicates).toBe(0);
  const byRef = new Map(results.map((action) => [(action.data as { ref: string }).ref, action.data as Record<string, unknown>]));
  expect(byRef.get(refs[0]!)).toMatchObject({
    outcome: 'answered',
    supportLevel: 5,
    yardSign: true,
    list: { id: list.id, name: 'Lyon 7e', kind: 'call' },
    person: { phone: phones[0] },
  });
  expect(byRef.get(refs[0]!)).toMatchObject({ person: { email: expect.stringMatching(/@example\.org$/) } });
  expect(byRef.get(refs[1]!)).toMatchObject({ outcome: 'do_not_call' });
});
