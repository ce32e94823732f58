/** With a CRM configured, every stored action gets one pending delivery, in the same transaction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay({ challenge: { enabled: false }, backend: { type: 'webhook', url: 'http://127.0.0.1:9/hook' } } as never);
});
afterAll(async () => {
  await relay.stop();
});

describe('outbox rows', () => {
  it('inserts one pending delivery per accepted action and none for bots or replays', async () => {
    const accepted = await post(relay, '/v1/signups', signupBody('crm@example.fr'));
    await post(relay, '/v1/signups', signupBody('crm@example.fr'), { key: accepted.key });
    await post(relay, '/v1/signups', signupBody('bot@example.fr'), { bot: { honeypot: 'spam' } });
    expect(await countRows(relay, 'outbox')).toBe(1);
    const row = await relay.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      action_id: accepted.key,
      backend: 'webhook',
      status: 'pending',
      attempts: 0,
      last_error: null,
      delivered_at: null,
    });
  });
});
