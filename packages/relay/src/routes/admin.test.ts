/** Admin endpoints and authorization: who may read what, and nothing more. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/tokens.js';
import { isSuppressed } from '../db/suppression.js';
import { contactBody, countRows, donationBody, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';

let relay: TestRelay;
const signupIds: string[] = [];

beforeAll(async () => {
  relay = await startTestRelay({ challenge: { enabled: false } });
  for (let i = 0; i < 5; i++) {
    const response = await post(relay, '/v1/signups', signupBody(`list${i}@example.fr`));
    signupIds.push(response.key!);
  }
});
afterAll(async () => {
  await relay.stop();
});

function admin(path: string, init: RequestInit = {}, token = relay.adminToken) {
  return fetch(`${relay.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}

describe('authorization', () => {
  const endpoints: Array<[string, string, unknown?]> = [
    ['GET', '/v1/admin/actions'],
    ['GET', '/v1/admin/actions/00000000-0000-4000-8000-000000000000'],
    ['POST', '/v1/admin/people/export', { email: 'list0@example.fr' }],
    ['POST', '/v1/admin/people/erase', { email: 'list0@example.fr' }],
    ['POST', '/v1/admin/suppression', { email: 'list0@example.fr' }],
    ['POST', '/v1/admin/suppression/check', { email: 'list0@example.fr' }],
    ['GET', '/v1/admin/outbox'],
  ];

  it.each(endpoints)('%s %s: 401 without a token, 403 with an organizer token', async (method, path, body) => {
    const init = { method, ...(body ? { body: JSON.stringify(body) } : {}) };
    const anonymous = await fetch(`${relay.url}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    const wrongToken = await admin(path, init, 'tract_not-a-real-token');
    expect(wrongToken.status).toBe(401);
    const organizer = await admin(path, init, relay.organizerToken);
    expect(organizer.status).toBe(403);
    expect((await organizer.json()).error.code).toBe('forbidden');
    expect(await countRows(relay, 'people')).toBeGreaterThanOrEqual(5);
  });

  it('an expired or revoked token opens nothing, exactly like an unknown one', async () => {
    const expired = await createToken(relay.db, 'admin', 'Expired admin', { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createToken(relay.db, 'organizer', 'Revoked organizer');
    await relay.db.updateTable('tokens').set({ revoked_at: new Date().toISOString() }).where('id', '=', revoked.id).execute();
    const unknown = await admin('/v1/admin/actions', {}, 'tract_not-a-real-token');
    for (const token of [expired.token, revoked.token]) {
      const actions = await admin('/v1/admin/actions', {}, token);
      expect(actions.status).toBe(401);
      expect(await actions.text()).toBe(await (await admin('/v1/admin/actions', {}, 'tract_not-a-real-token')).text());
      const contact = await post(relay, '/v1/contacts', contactBody(), { bot: null, headers: { authorization: `Bearer ${token}` } });
      expect(contact.status).toBe(401);
      expect((await fetch(`${relay.url}/v1/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
    expect(unknown.status).toBe(401);
  });

  it('iterating ids reveals nothing: an organizer gets the same 403 for existing and made-up ids', async () => {
    const existing = await admin(`/v1/admin/actions/${signupIds[0]}`, {}, relay.organizerToken);
    const madeUp = await admin(`/v1/admin/actions/${randomUUID()}`, {}, relay.organizerToken);
    expect(existing.status).toBe(403);
    expect(madeUp.status).toBe(403);
    expect(await existing.text()).toBe(await madeUp.text());
  });

  it('no public endpoint returns a person', async () => {
    const responses = await Promise.all(
      ['/v1/petitions/stop-the-dump', '/v1/events/meeting-lyon', '/v1/challenge', '/v1/session', `/v1/actions/${signupIds[0]}`].map(
        (path) => fetch(`${relay.url}${path}`).then((r) => r.text()),
      ),
    );
    for (const text of responses) expect(text).not.toContain('@example.fr');
  });

  it('stores tokens hashed only', async () => {
    const rows = await relay.db.selectFrom('tokens').selectAll().execute();
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(relay.adminToken);
    }
  });
});

describe('GET /v1/admin/actions', () => {
  it('pages through every action with a cursor, at most 100 a page', async () => {
    const first = await (await admin('/v1/admin/actions?limit=2')).json();
    expect(first.actions).toHaveLength(2);
    expect(first.actions[0]).toMatchObject({ kind: 'signup', email: 'list0@example.fr', status: 'accepted', confirmation: 'none' });
    const seen = [...first.actions];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await (await admin(`/v1/admin/actions?limit=2&cursor=${cursor}`)).json();
      seen.push(...page.actions);
      cursor = page.nextCursor;
    }
    expect(seen.map((a) => a.id)).toEqual(expect.arrayContaining(signupIds));
    expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);
  });

  it('answers 404 for an unknown admin route and 405 for a wrong method', async () => {
    expect((await admin('/v1/admin/everything')).status).toBe(404);
    expect((await admin('/v1/admin/people/export')).status).toBe(405);
  });

  it('refuses ?limit=100000', async () => {
    const response = await admin('/v1/admin/actions?limit=100000');
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0]).toMatchObject({ path: 'limit', code: 'too_large' });
  });

  it.each(['0x10', '1e2', ' 5', '5.0', '+5', '', '-1', '0', '\uff15', '1,5', '99999999999'])(
    'accepts plain decimal integers only: limit=%j is a 400 naming limit',
    async (value) => {
      for (const path of ['/v1/admin/actions', '/v1/admin/outbox', '/v1/admin/events/meeting-lyon/seats']) {
        const response = await admin(`${path}?limit=${encodeURIComponent(value)}`);
        expect(response.status, path).toBe(400);
        const issue = (await response.json()).error.issues[0];
        expect(issue.path).toBe('limit');
        expect(issue.message).toMatch(/whole number from 1 to 100, written in plain digits|at most 100/);
      }
    },
  );

  it('reads a plain limit, and says what is wrong in French when asked', async () => {
    const page = await (await admin('/v1/admin/actions?limit=3')).json();
    expect(page.actions).toHaveLength(3);
    expect((await admin('/v1/admin/actions?limit=100')).status).toBe(200);
    const french = await admin('/v1/admin/actions?limit=1e2', { headers: { 'accept-language': 'fr' } });
    expect((await french.json()).error.issues[0].message).toBe(
      'limit doit être un nombre entier de 1 à 100, écrit en chiffres seuls (par ex. limit=50).',
    );
    const over = await admin('/v1/admin/actions?limit=101', { headers: { 'accept-language': 'fr' } });
    expect((await over.json()).error.issues[0]).toMatchObject({
      code: 'too_large',
      message: 'limit vaut au plus 100.',
      params: { max: 100 },
    });
  });

  it('reads one action, or 404', async () => {
    const one = await (await admin(`/v1/admin/actions/${signupIds[1]}`)).json();
    expect(one).toMatchObject({ id: signupIds[1], email: 'list1@example.fr' });
    expect((await admin(`/v1/admin/actions/${randomUUID()}`)).status).toBe(404);
  });

  it('logs admin access without the data', async () => {
    expect(relay.logs.some((line) => line.includes('"event":"admin_access"'))).toBe(true);
    expect(relay.logs.filter((line) => line.includes('admin_access')).join()).not.toContain('@example.fr');
  });
});

describe('subject access and erasure', () => {
  it('exports everything held on one email', async () => {
    await post(relay, '/v1/donations', donationBody(1000, 'subject@example.fr'));
    await post(relay, '/v1/petitions/stop-the-dump/signatures', signupBody('subject@example.fr'));
    const response = await admin('/v1/admin/people/export', { method: 'POST', body: JSON.stringify({ email: 'subject@example.fr' }) });
    const held = await response.json();
    expect(held.person).toMatchObject({ email: 'subject@example.fr', given_name: 'Camille' });
    expect(held.actions.map((a: { kind: string }) => a.kind).sort()).toEqual(['donation', 'petition_signature']);
    expect(held.consentEvents).toHaveLength(1);
  });

  it('erases one email everywhere, leaving a hashed tombstone in the consent log', async () => {
    const email = 'erase-me@example.fr';
    const signup = await post(relay, '/v1/signups', signupBody(email));
    const response = await admin('/v1/admin/people/erase', { method: 'POST', body: JSON.stringify({ email }) });
    expect(response.status).toBe(200);
    expect((await response.json()).erased).toMatchObject({ people: 1, actions: 1, consentEvents: 1 });
    expect(await relay.db.selectFrom('people').selectAll().where('email', '=', email).execute()).toHaveLength(0);
    expect(await relay.db.selectFrom('actions').selectAll().where('id', '=', signup.key!).execute()).toHaveLength(0);
    const log = await relay.db
      .selectFrom('consent_events')
      .selectAll()
      .where('subject_hash', '=', relay.hashKey.emailHash(email))
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'erasure', page_url: null });
    const dump = JSON.stringify(await relay.db.selectFrom('consent_events').selectAll().execute());
    expect(dump).not.toContain(email);
  });

  it('a replay of an old submission after an erasure stores nothing again', async () => {
    const email = 'erased-then-replayed@example.fr';
    const key = randomUUID();
    await post(relay, '/v1/signups', signupBody(email), { key });
    await admin('/v1/admin/people/erase', { method: 'POST', body: JSON.stringify({ email }) });
    const replay = await post(relay, '/v1/signups', signupBody(email), { key });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await relay.db.selectFrom('people').selectAll().where('email', '=', email).execute()).toHaveLength(0);
  });

  it('a replay of an old submission after a withdrawal stores nothing', async () => {
    const email = 'replayed@example.fr';
    const key = randomUUID();
    await post(relay, '/v1/signups', signupBody(email), { key });
    await admin('/v1/admin/suppression', { method: 'POST', body: JSON.stringify({ email, reason: 'withdrawal' }) });
    const replay = await post(relay, '/v1/signups', signupBody(email), { key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const actions = await relay.db.selectFrom('actions').selectAll().where('id', '=', key).execute();
    expect(actions).toHaveLength(1);
  });
});

describe('suppression', () => {
  it('adds an email by hash only, records the withdrawal, and checks it', async () => {
    const email = 'opt-out@example.fr';
    const added = await admin('/v1/admin/suppression', { method: 'POST', body: JSON.stringify({ email, reason: 'unsubscribe' }) });
    expect(added.status).toBe(201);
    const check = await (await admin('/v1/admin/suppression/check', { method: 'POST', body: JSON.stringify({ email }) })).json();
    expect(check).toEqual({ suppressed: true });
    const other = await (
      await admin('/v1/admin/suppression/check', { method: 'POST', body: JSON.stringify({ email: 'nobody@example.fr' }) })
    ).json();
    expect(other).toEqual({ suppressed: false });
    expect(await isSuppressed(relay.db, relay.hashKey.emailHash('Opt-Out@example.fr'))).toBe(true);
    expect(JSON.stringify(await relay.db.selectFrom('suppression').selectAll().execute())).not.toContain(email);
    const withdrawal = await relay.db
      .selectFrom('consent_events')
      .selectAll()
      .where('subject_hash', '=', relay.hashKey.emailHash(email))
      .execute();
    expect(withdrawal.map((e) => e.kind)).toEqual(['withdrawal']);
  });

  it('refuses a body without an email', async () => {
    const response = await admin('/v1/admin/suppression', { method: 'POST', body: JSON.stringify({ reason: 'x' }) });
    expect(response.status).toBe(400);
  });
});

describe('outbox', () => {
  it('is empty with the local backend', async () => {
    const view = await (await admin('/v1/admin/outbox')).json();
    expect(view.counts).toEqual({ pending: 0, delivering: 0, delivered: 0, failed: 0, dead: 0 });
    expect(view.deliveries).toEqual([]);
    expect(await countRows(relay, 'outbox')).toBe(0);
  });

  it('lists pending, failed and dead deliveries, filtered by status', async () => {
    const now = new Date().toISOString();
    const row = (status: 'pending' | 'failed' | 'dead' | 'delivered') => ({
      id: randomUUID(),
      action_id: signupIds[0]!,
      backend: 'webhook',
      status,
      attempts: status === 'pending' ? 0 : 3,
      next_attempt_at: now,
      last_error: status === 'pending' ? null : 'http_503',
      created_at: now,
      updated_at: now,
      delivered_at: status === 'delivered' ? now : null,
    });
    await relay.db
      .insertInto('outbox')
      .values([row('pending'), row('failed'), row('dead'), row('delivered')])
      .execute();
    const view = await (await admin('/v1/admin/outbox')).json();
    expect(view.counts).toEqual({ pending: 1, delivering: 0, delivered: 1, failed: 1, dead: 1 });
    expect(view.deliveries.map((d: { status: string }) => d.status).sort()).toEqual(['dead', 'failed', 'pending']);
    const dead = await (await admin('/v1/admin/outbox?status=dead')).json();
    expect(dead.deliveries).toHaveLength(1);
    expect((await admin('/v1/admin/outbox?status=lost')).status).toBe(400);
  });
});

describe('contacts are organizer-only writes', () => {
  it('an organizer can add a contact but never read it back', async () => {
    const added = await post(relay, '/v1/contacts', contactBody(), {
      bot: null,
      headers: { authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(added.status).toBe(202);
    expect((await admin(`/v1/admin/actions/${added.key}`, {}, relay.organizerToken)).status).toBe(403);
    // The contact remembers which organizer clipped it, so each organizer can later see only its own.
    const session = await (await fetch(`${relay.url}/v1/session`, { headers: { authorization: `Bearer ${relay.organizerToken}` } })).json();
    const stored = await relay.db.selectFrom('actions').select('token_id').where('id', '=', added.key!).executeTakeFirstOrThrow();
    const organizer = await relay.db.selectFrom('tokens').select('id').where('name', '=', session.name).executeTakeFirstOrThrow();
    expect(stored.token_id).toBe(organizer.id);
  });

  it('refuses bot signals from an organizer (they are not a public form)', async () => {
    const response = await post(relay, '/v1/contacts', contactBody(), {
      bot: {},
      headers: { authorization: `Bearer ${relay.organizerToken}` },
    });
    expect(response.status).toBe(400);
  });
});

describe('late retries', () => {
  it('refuses a retry whose idempotency record expired while its action is kept, storing nothing twice', async () => {
    const first = await post(relay, '/v1/signups', signupBody('late@example.fr'));
    await relay.db.deleteFrom('idempotency_records').where('key', '=', first.key!).execute();
    const late = await post(relay, '/v1/signups', signupBody('late@example.fr'), { key: first.key });
    expect(late.status).toBe(409);
    expect(await relay.db.selectFrom('actions').selectAll().where('id', '=', first.key!).execute()).toHaveLength(1);
    // The relay keeps working for everyone else.
    expect((await post(relay, '/v1/signups', signupBody('after-late@example.fr'))).status).toBe(202);
  });

  it('keeps a contact with consent until the campaign ends, one without for six months', async () => {
    const withConsent = await post(
      relay,
      '/v1/contacts',
      { ...contactBody(), lawfulBasis: 'consent' },
      {
        bot: null,
        headers: { authorization: `Bearer ${relay.organizerToken}` },
      },
    );
    expect(withConsent.body.retainUntil).toBe('2027-12-31T23:59:59.000Z');
  });
});
