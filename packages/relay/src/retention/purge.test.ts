import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';
import { purgeExpired } from './purge.js';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay({ challenge: { enabled: false }, retention: { campaignEndsAt: '2030-01-01T00:00:00Z', contactDays: 183 } });
});
afterAll(async () => {
  await relay.stop();
});

describe('purgeExpired', () => {
  it('gives every record an expiry and deletes them once it has passed', async () => {
    await post(relay, '/v1/signups', signupBody('expiring@example.fr'));
    const person = await relay.db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
    expect(person.expires_at).toBe('2030-01-01T00:00:00.000Z');
    // Idempotency records only need to outlive retries (7 days), not the campaign.
    const early = await purgeExpired(relay.db, new Date('2029-12-31T00:00:00Z'));
    expect(early).toMatchObject({ actions: 0, people: 0, consentEvents: 0, idempotencyRecords: 1 });

    const report = await purgeExpired(relay.db, new Date('2030-01-02T00:00:00Z'));
    expect(report).toMatchObject({ actions: 1, people: 1, consentEvents: 1 });
    for (const table of ['people', 'actions', 'consent_events', 'idempotency_records'] as const)
      expect(await countRows(relay, table)).toBe(0);
  });

  it('keeps a person while one of their actions is still kept', async () => {
    await post(relay, '/v1/signups', signupBody('kept@example.fr'));
    await relay.db.updateTable('people').set({ expires_at: '2000-01-01T00:00:00Z' }).execute();
    await purgeExpired(relay.db, new Date('2026-01-01T00:00:00Z'));
    expect(await countRows(relay, 'people')).toBe(1);
  });
});
