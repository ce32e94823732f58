/**
 * The console's counters follow what counts: an action waiting for its
 * person's confirmation by email is not counted, and is counted (in the
 * hour it was received, hourly and daily) once confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkTo, type MailTestRelay, post, pressButton, signupBody, startMailTestRelay } from '../test-support/relay.js';

let relay: MailTestRelay;

beforeAll(async () => {
  relay = await startMailTestRelay({ challenge: { enabled: false } });
});
afterAll(async () => {
  await relay.stop();
});

async function signupsCounted(): Promise<Record<string, number>> {
  const rows = await relay.db.selectFrom('action_counts').select(['bucket', 'actions']).where('kind', '=', 'signup').execute();
  const bySpan: Record<string, number> = {};
  for (const row of rows) {
    const span = row.bucket.startsWith('day:') ? 'day' : 'hour';
    bySpan[span] = (bySpan[span] ?? 0) + Number(row.actions);
  }
  return bySpan;
}

describe('counters and double opt-in', () => {
  it('count a signup only once its person confirmed it', async () => {
    const email = 'lou.essai@example.org';
    const answer = await post(relay, '/v1/signups', signupBody(email));
    expect(answer.body.status).toBe('pending');
    expect(await signupsCounted()).toEqual({});
    const mail = await relay.mailbox.waitFor((m) => m.to.includes(email));
    expect((await pressButton(linkTo(mail, '/v1/confirm'))).status).toBe(200);
    expect(await signupsCounted()).toEqual({ hour: 1, day: 1 });
    const overview = await (
      await fetch(`${relay.url}/v1/admin/overview?range=24h`, { headers: { authorization: `Bearer ${relay.adminToken}` } })
    ).json();
    expect(overview.totals).toEqual({ signup: 1 });
  });
});
