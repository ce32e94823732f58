/**
 * End to end: widget-shaped submissions POSTed to a started relay (real
 * HTTP, real SQLite, real proof of work) arrive at each fake CRM exactly once,
 * even when the client retries a submission and the CRM fails at first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeActionNetwork } from '../../../sdk/test/fakes/action-network.js';
import { startFakeNationBuilder } from '../../../sdk/test/fakes/nationbuilder.js';
import { startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { createToken } from '../auth/tokens.js';
import { parseConfig } from '../config/load.js';
import type { RelayConfigInput } from '../config/schema.js';
import { loadHashKey } from '../db/hash-key.js';
import { type RunningRelay, startRelay } from '../server.js';
import { testDatabase } from '../test-support/database.js';
import { contactBody, donationBody, post, signupBody, solvedChallenge, testConfig } from '../test-support/relay.js';
import type { OutboxEvent } from './outbox-worker.js';
import { forwardingService } from './service.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Started {
  relay: RunningRelay;
  organizerToken: string;
  events: OutboxEvent[];
}

async function startForwardingRelay(backend: RelayConfigInput['backend'], env: Record<string, string>): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'tract-forwarding-e2e-'));
  const events: OutboxEvent[] = [];
  const database = await testDatabase(dir);
  const relay = await startRelay({
    config: parseConfig(testConfig({ backend })),
    dbPath: database.target,
    hashKey: loadHashKey({ dbPath: join(dir, 'relay.db') }),
    port: 0,
    log: () => undefined,
    challengeSecret: 'test-secret',
    services: [forwardingService({ env, pollMs: 20, baseDelayMs: 10, onEvent: (event) => events.push(event) })],
  });
  cleanup.push(async () => {
    await relay.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const organizer = await createToken(relay.db, 'organizer', 'Lyon team');
  return { relay, organizerToken: organizer.token, events };
}

/** One of each public action as the widgets post them, each sent twice with the same key (a client retry). */
async function submitEverything(started: Started): Promise<void> {
  const { relay } = started;
  const submissions: [string, Record<string, unknown>, Record<string, string>][] = [
    ['/v1/signups', { ...signupBody('signup@example.fr'), tags: ['volunteer'] }, {}],
    [
      '/v1/petitions/stop-the-dump/signatures',
      { ...signupBody('signer@example.fr'), petitionId: 'stop-the-dump', comment: 'Pas de décharge.' },
      {},
    ],
    ['/v1/events/meeting-lyon/rsvps', { ...signupBody('guest@example.fr'), eventId: 'meeting-lyon', guests: 1 }, {}],
    ['/v1/donations', donationBody(5000, 'donor@example.fr'), {}],
    ['/v1/contacts', contactBody(), { authorization: `Bearer ${started.organizerToken}` }],
  ];
  // The organizer endpoint takes no bot signals; public forms send a solved challenge each time.
  const botFor = async (path: string) => (path === '/v1/contacts' ? null : { challenge: await solvedChallenge(relay) });
  for (const [path, body, headers] of submissions) {
    const first = await post(relay, path, body, { headers, bot: await botFor(path) });
    expect(first.status, `${path}: ${JSON.stringify(first.body)}`).toBe(202);
    const retry = await post(relay, path, body, { headers, key: first.key, bot: await botFor(path) });
    expect(retry.status).toBe(202);
  }
}

/** Waits until no outbox row is left to deliver. */
async function settled(relay: RunningRelay, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await relay.db.selectFrom('outbox').select(['status', 'last_error', 'action_id', 'attempts']).execute();
    if (rows.length > 0 && rows.every((row) => row.status === 'delivered' || row.status === 'dead')) return rows;
    if (Date.now() > until) throw new Error(`outbox not settled: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('relay forwarding, end to end', () => {
  it('webhook: every action arrives once, signed, after the receiver recovers', async () => {
    const receiver = await startWebhookReceiver({ secret: 'e2e-webhook-secret-0123456789' });
    cleanup.push(() => receiver.close());
    receiver.failNext({ status: 503 }, { status: 429, retryAfter: 1 });
    const started = await startForwardingRelay(
      { type: 'webhook', url: receiver.url, secretEnv: 'TRACT_WEBHOOK_SECRET' },
      { TRACT_WEBHOOK_SECRET: 'e2e-webhook-secret-0123456789' },
    );
    await submitEverything(started);
    const rows = await settled(started.relay);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
    expect(receiver.delivered.map((a) => a.kind).sort()).toEqual(['contact', 'donation', 'petition_signature', 'rsvp', 'signup']);
    expect(receiver.duplicates).toBe(0);
    const signature = receiver.delivered.find((a) => a.kind === 'petition_signature');
    expect(signature?.data).toMatchObject({
      petitionId: 'stop-the-dump',
      comment: 'Pas de décharge.',
      person: { email: 'signer@example.fr' },
    });
    expect(JSON.stringify(receiver.delivered)).not.toContain('honeypot');
  });

  it('an opt-out added through the admin API holds: that person is never forwarded, and the admin sees why', async () => {
    const receiver = await startWebhookReceiver();
    cleanup.push(() => receiver.close());
    const started = await startForwardingRelay({ type: 'webhook', url: receiver.url }, {});
    const { relay } = started;
    const admin = await createToken(relay.db, 'admin', 'Admin');
    const adminHeaders = { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` };
    const optOut = await fetch(`${relay.url}/v1/admin/suppression`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ email: 'Opted.Out@example.fr', reason: 'unsubscribed' }),
    });
    expect(optOut.status).toBe(201);
    for (const email of ['opted.out@example.fr', 'still.in@example.fr']) {
      const answer = await post(relay, '/v1/signups', signupBody(email), { bot: { challenge: await solvedChallenge(relay) } });
      expect(answer.status).toBe(202);
    }
    const rows = await settled(relay);
    expect(rows.map((row) => [row.status, row.last_error]).sort()).toEqual([
      ['dead', 'suppressed'],
      ['delivered', null],
    ]);
    expect(receiver.delivered.map((a) => (a.data as { person: { email: string } }).person.email)).toEqual(['still.in@example.fr']);
    expect(receiver.requests.some((r) => r.body.includes('opted.out'))).toBe(false);
    const outbox = await (await fetch(`${relay.url}/v1/admin/outbox?status=dead`, { headers: adminHeaders })).json();
    expect(outbox.deliveries.map((d: { last_error: string }) => d.last_error)).toEqual(['suppressed']);
  });

  it('NationBuilder: each action is recorded once in the nation', async () => {
    const nb = await startFakeNationBuilder({ token: 'e2e-nb-token', petitions: ['41'], events: ['77'] });
    cleanup.push(() => nb.close());
    nb.failNext({ status: 502 });
    const started = await startForwardingRelay(
      {
        type: 'nationbuilder',
        nation: 'demo',
        tokenEnv: 'NB_TOKEN',
        baseUrl: nb.apiRoot,
        petitions: { 'stop-the-dump': '41' },
        events: { 'meeting-lyon': '77' },
      },
      { NB_TOKEN: 'e2e-nb-token' },
    );
    await submitEverything(started);
    const rows = await settled(started.relay);
    expect(rows.map((row) => row.status)).toEqual(Array(5).fill('delivered'));
    expect(nb.schemaViolations).toEqual([]);
    expect(nb.records.petition_signatures.map((s) => s.attributes.petition_id)).toEqual(['41']);
    expect(nb.records.event_rsvps.map((r) => [r.attributes.event_id, r.attributes.email, r.attributes.guests_count])).toEqual([
      ['77', 'guest@example.fr', 1],
    ]);
    expect(nb.records.donations.map((d) => d.attributes.amount_in_cents)).toEqual([5000]);
    expect(nb.records.contacts.map((c) => c.attributes.contact_method)).toEqual(['other']);
    expect(nb.records.signups.map((s) => s.attributes.email ?? s.attributes.external_id).sort()).toEqual(
      [
        'donor@example.fr',
        'guest@example.fr',
        'signer@example.fr',
        'signup@example.fr',
        'tract-contact:mastodon:camille@mastodon.social',
      ].sort(),
    );
  });

  it('Action Network: each public action is recorded once; the contact stays in the relay as a dead letter saying why', async () => {
    const an = await startFakeActionNetwork({
      apiKey: 'e2e-an-key',
      petitions: ['an-petition'],
      events: ['an-event'],
      fundraisingPages: ['an-page'],
    });
    cleanup.push(() => an.close());
    const started = await startForwardingRelay(
      {
        type: 'actionnetwork',
        apiKeyEnv: 'AN_KEY',
        baseUrl: an.apiRoot,
        petitions: { 'stop-the-dump': 'an-petition' },
        events: { 'meeting-lyon': 'an-event' },
        fundraisingPage: 'an-page',
      },
      { AN_KEY: 'e2e-an-key' },
    );
    await submitEverything(started);
    const rows = await settled(started.relay);
    expect(an.shapeErrors).toEqual([]);
    expect(rows.filter((row) => row.status === 'delivered')).toHaveLength(4);
    expect(rows.filter((row) => row.status === 'dead').map((row) => row.last_error)).toEqual(['unsupported_action 0']);
    expect(an.records.map((r) => `${r.helper}:${r.email}`).sort()).toEqual(
      ['attendances:guest@example.fr', 'donations:donor@example.fr', 'people:signup@example.fr', 'signatures:signer@example.fr'].sort(),
    );
    expect(an.records.every((r) => r.bodies.length === 1)).toBe(true);
  });
});
