/**
 * The console's admin endpoints over real HTTP against a real relay and
 * SQLite file: who may call what (organizers 403 on everything that reads
 * supporters, only their own contacts; unknown and revoked tokens 401
 * everywhere), the audit entry of each read, the CSV export (formula
 * injection neutralised, accents round-tripped, capped per token per hour),
 * the counters behind the overview, delivery retry and token management.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingDelivery } from '../actions/rows.js';
import { contactBody, donationBody, post, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';

let relay: TestRelay;

function call(token: string, path: string, init: { method?: string; body?: unknown; lang?: string } = {}) {
  return fetch(`${relay.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.lang ? { 'accept-language': init.lang } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function signup(email: string, givenName: string, familyName: string, utmSource = 'newsletter', extra: Record<string, unknown> = {}) {
  const body = signupBody(email);
  const response = await post(relay, '/v1/signups', {
    ...body,
    person: { ...body.person, givenName, familyName, postalCode: '69001', ...extra },
    source: { utmSource },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
}

async function auditEntries(event: string) {
  const page = await json<{ entries: { event: string; tokenName: string; records: number; detail: unknown; target: string }[] }>(
    await call(relay.adminToken, `/v1/admin/audit?event=${event}&limit=100`),
  );
  return page.entries;
}

const SUPPORTER_ENDPOINTS: [string, string, unknown?][] = [
  ['POST', '/v1/admin/people/search', {}],
  ['POST', '/v1/admin/people/search', { q: 'camille@' }],
  ['POST', '/v1/admin/people/csv', {}],
  ['GET', '/v1/admin/people/0190a1b2-0000-7000-8000-000000000000'],
  ['GET', '/v1/admin/deliveries'],
  ['POST', '/v1/admin/deliveries/0190a1b2-0000-7000-8000-000000000000/retry', {}],
  ['GET', '/v1/admin/audit'],
  ['GET', '/v1/admin/tokens'],
  ['POST', '/v1/admin/tokens', { role: 'admin', name: 'Escalation' }],
  ['POST', '/v1/admin/tokens/x/revoke', {}],
  ['GET', '/v1/admin/retention'],
  ['GET', '/v1/admin/actions'],
  ['POST', '/v1/admin/people/export', { email: 'camille@example.fr' }],
  ['POST', '/v1/admin/people/erase', { email: 'camille@example.fr' }],
  ['POST', '/v1/admin/suppression', { email: 'camille@example.fr' }],
  ['GET', '/v1/admin/outbox'],
  ['GET', '/v1/admin/overview/donors'],
  ['GET', '/v1/admin/donations'],
];
const ORGANIZER_ENDPOINTS: [string, string, unknown?][] = [
  ['GET', '/v1/admin/session'],
  ['GET', '/v1/admin/overview'],
  ['GET', '/v1/admin/contacts'],
];

beforeAll(async () => {
  relay = await startTestRelay({ challenge: { enabled: false }, console: { exportsPerHour: 2, exportMaxRows: 1000 } });
  await signup('camille@example.fr', 'Camille', 'Martin');
  await signup('zoe@example.org', 'Zoé', 'Lefèvre-Ñúñez', 'mastodon');
  // Names allow letters only: the free-text fields carry what a spreadsheet would run.
  await signup('formula1@example.org', 'Alex', 'Formule', 'newsletter', {
    locality: '=HYPERLINK("http://evil.example/x","clic")',
    addressLines: ['+1+1', '-2'],
  });
  // A leading tab is trimmed by the schema; what is left still starts a formula (csv.test.ts covers tab and CR).
  await signup('formula2@example.org', 'Sam', 'Formule', 'newsletter', { locality: '@SUM(A1)', addressLines: ['\t=1+1'] });
});
afterAll(async () => {
  await relay.stop();
});

describe('roles', () => {
  it.each(SUPPORTER_ENDPOINTS)('refuses an organizer %s %s with 403', async (method, path, body) => {
    const response = await call(relay.organizerToken, path, { method, body });
    expect(response.status).toBe(403);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('forbidden');
  });

  it.each([...SUPPORTER_ENDPOINTS, ...ORGANIZER_ENDPOINTS])('refuses an unknown token on %s %s with 401', async (method, path, body) => {
    expect((await call('tract_not-a-real-token', path, { method, body })).status).toBe(401);
  });

  it('refuses a revoked token with 401 everywhere, and lists tokens without their secret', async () => {
    const created = await call(relay.adminToken, '/v1/admin/tokens', { body: { role: 'organizer', name: 'Short-lived' } });
    expect(created.status).toBe(201);
    const { id, token } = await json<{ id: string; token: string }>(created);
    expect(token).toMatch(/^tract_/);
    expect((await call(token, '/v1/admin/overview')).status).toBe(200);
    const listed = await json<{ tokens: Record<string, unknown>[] }>(await call(relay.adminToken, '/v1/admin/tokens'));
    const entry = listed.tokens.find((t) => t.id === id);
    expect(entry).toMatchObject({ name: 'Short-lived', role: 'organizer', revokedAt: null });
    expect(entry?.lastUsedAt).toEqual(expect.any(String));
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(JSON.stringify(listed)).not.toContain('token_hash');
    expect((await call(relay.adminToken, `/v1/admin/tokens/${id}/revoke`, { body: {} })).status).toBe(200);
    for (const [method, path, body] of [...SUPPORTER_ENDPOINTS, ...ORGANIZER_ENDPOINTS]) {
      expect((await call(token, path, { method, body })).status, `${method} ${path}`).toBe(401);
    }
    expect((await auditEntries('token.create')).some((e) => e.target === id)).toBe(true);
    expect((await auditEntries('token.revoke')).some((e) => e.target === id)).toBe(true);
  });

  it('shows an organizer only the contacts it clipped, and lets it edit only those', async () => {
    const other = await json<{ id: string; token: string }>(
      await call(relay.adminToken, '/v1/admin/tokens', { body: { role: 'organizer', name: 'Villeurbanne team' } }),
    );
    const mine = await post(relay, '/v1/contacts', contactBody(), {
      bot: null,
      headers: { authorization: `Bearer ${relay.organizerToken}` },
    });
    const theirs = await post(
      relay,
      '/v1/contacts',
      { ...contactBody(), handle: 'dominique@mastodon.social' },
      {
        bot: null,
        headers: { authorization: `Bearer ${other.token}` },
      },
    );
    expect([mine.status, theirs.status]).toEqual([202, 202]);
    const own = await json<{ contacts: { id: string; organizer: string }[] }>(await call(relay.organizerToken, '/v1/admin/contacts'));
    expect(own.contacts.map((c) => c.id)).toEqual([mine.body.id]);
    // Asking for another organizer's contacts changes nothing.
    const asked = await json<{ contacts: { id: string }[] }>(await call(relay.organizerToken, `/v1/admin/contacts?organizer=${other.id}`));
    expect(asked.contacts.map((c) => c.id)).toEqual([mine.body.id]);
    const all = await json<{ contacts: { id: string }[] }>(await call(relay.adminToken, '/v1/admin/contacts'));
    expect(all.contacts.map((c) => c.id).sort()).toEqual([mine.body.id, theirs.body.id].sort());
    const byNetwork = await json<{ contacts: { id: string }[] }>(await call(relay.adminToken, '/v1/admin/contacts?network=bluesky'));
    expect(byNetwork.contacts).toEqual([]);

    expect((await call(relay.organizerToken, `/v1/admin/contacts/${theirs.body.id}`, { body: { supportLevel: 5 } })).status).toBe(404);
    const edited = await call(relay.organizerToken, `/v1/admin/contacts/${mine.body.id}`, {
      body: { supportLevel: 4, tags: ['quartier'] },
    });
    expect(edited.status).toBe(200);
    expect((await json<{ contact: { supportLevel: number; tags: string[] } }>(edited)).contact).toMatchObject({
      supportLevel: 4,
      tags: ['quartier'],
    });
    const invalid = await call(relay.organizerToken, `/v1/admin/contacts/${mine.body.id}`, { body: { supportLevel: 9 }, lang: 'fr' });
    expect(invalid.status).toBe(400);
    expect((await json<{ error: { issues: { path: string }[] } }>(invalid)).error.issues[0]?.path).toBe('supportLevel');
    const tagged = await json<{ contacts: { id: string }[] }>(await call(relay.organizerToken, '/v1/admin/contacts?tag=quartier'));
    expect(tagged.contacts.map((c) => c.id)).toEqual([mine.body.id]);
  });
});

describe('people', () => {
  it('searches by email prefix, name prefix and postal code, and audits each read', async () => {
    const byEmail = await json<{ mode: string; people: { email: string }[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { q: 'zoe@' } }),
    );
    expect(byEmail.mode).toBe('email');
    expect(byEmail.people.map((p) => p.email)).toEqual(['zoe@example.org']);
    const byPrefix = await json<{ people: { email: string }[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { q: 'formula', by: 'email' } }),
    );
    expect(byPrefix.people.map((p) => p.email)).toEqual(['formula1@example.org', 'formula2@example.org']);
    const byName = await json<{ mode: string; people: { email: string }[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { q: 'mart' } }),
    );
    expect(byName.mode).toBe('name');
    expect(byName.people.map((p) => p.email)).toEqual(['camille@example.fr']);
    const byPostal = await json<{ people: unknown[] }>(await call(relay.adminToken, '/v1/admin/people/search', { body: { q: '6900' } }));
    expect(byPostal.people.length).toBe(4);
    const entries = await auditEntries('people.list');
    expect(entries.find((e) => (e.detail as { q?: string }).q === 'zoe@')).toMatchObject({ tokenName: 'Test admin', records: 1 });
  });

  it('filters by source and consent purpose, and pages with a cursor', async () => {
    const fromMastodon = await json<{ people: { email: string }[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { source: 'mastodon' } }),
    );
    expect(fromMastodon.people.map((p) => p.email)).toEqual(['zoe@example.org']);
    const noSuchPurpose = await json<{ people: unknown[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { purpose: 'sms' } }),
    );
    expect(noSuchPurpose.people).toEqual([]);
    const emailConsent = await json<{ people: unknown[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { purpose: 'email' } }),
    );
    expect(emailConsent.people.length).toBe(4);
    const first = await json<{ people: { email: string }[]; nextCursor: string }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { limit: 3 } }),
    );
    expect(first.people.length).toBe(3);
    const second = await json<{ people: { email: string }[]; nextCursor: null }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { limit: 3, cursor: first.nextCursor } }),
    );
    expect(second.people.length).toBe(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.people, ...second.people].map((p) => p.email)).size).toBe(4);
    const future = await json<{ people: unknown[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { from: '2999-01-01' } }),
    );
    expect(future.people).toEqual([]);
    const badDate = await call(relay.adminToken, '/v1/admin/people/search', { body: { from: 'yesterday' }, lang: 'fr' });
    expect(badDate.status).toBe(400);
    expect((await json<{ error: { issues: { path: string; message: string }[] } }>(badDate)).error.issues[0]).toMatchObject({
      path: 'from',
      message: expect.stringContaining('date'),
    });
  });

  it('shows a person with their timeline, consent proof, suppression and deliveries, audited', async () => {
    const found = await json<{ people: { id: string }[] }>(
      await call(relay.adminToken, '/v1/admin/people/search', { body: { q: 'camille@' } }),
    );
    const id = found.people[0]!.id;
    const page = await json<{
      person: { email: string };
      actions: { kind: string; source: string }[];
      consent: { kind: string; purpose: string; textVersion: string; textHash: string; language: string }[];
      suppression: unknown;
    }>(await call(relay.adminToken, `/v1/admin/people/${id}`));
    expect(page.person.email).toBe('camille@example.fr');
    expect(page.actions).toMatchObject([{ kind: 'signup', source: 'newsletter' }]);
    expect(page.consent[0]).toMatchObject({ kind: 'grant', purpose: 'email', textVersion: 'newsletter-v1', language: 'fr' });
    expect(page.suppression).toBeNull();
    expect((await auditEntries('person.read')).some((e) => e.target === id && e.records === 1)).toBe(true);
  });
});

describe('audit log', () => {
  it('records every read of personal data through the admin API, with who, what and how many', async () => {
    const listed = await json<{ actions: { id: string }[] }>(await call(relay.adminToken, '/v1/admin/actions?limit=2'));
    expect(listed.actions.length).toBe(2);
    await call(relay.adminToken, `/v1/admin/actions/${listed.actions[0]!.id}`);
    await call(relay.adminToken, '/v1/admin/people/export', { body: { email: 'zoe@example.org' } });
    await call(relay.adminToken, '/v1/admin/suppression/check', { body: { email: 'zoe@example.org' } });
    await call(relay.adminToken, '/v1/admin/events/meeting-lyon/seats');
    await call(relay.adminToken, '/v1/admin/contacts');
    const page = await json<{ entries: { event: string; tokenName: string; role: string; records: number; target: string | null }[] }>(
      await call(relay.adminToken, '/v1/admin/audit?limit=6'),
    );
    // Newest first.
    expect(page.entries.map((e) => e.event)).toEqual([
      'contacts.list',
      'seats.list',
      'suppression.check',
      'person.access_export',
      'actions.read',
      'actions.list',
    ]);
    expect(page.entries.every((e) => e.tokenName === 'Test admin' && e.role === 'admin')).toBe(true);
    expect(page.entries.find((e) => e.event === 'actions.list')?.records).toBe(2);
    expect(page.entries.find((e) => e.event === 'actions.read')?.target).toBe(listed.actions[0]!.id);
    expect(page.entries.find((e) => e.event === 'person.access_export')?.records).toBe(1);
    // The log names no email.
    expect(JSON.stringify(page)).not.toContain('@example');
  });
});

describe('CSV export', () => {
  it('neutralises formulas, keeps accents through a round trip, leaves out suppressed people, and is audited', async () => {
    await call(relay.adminToken, '/v1/admin/suppression', { body: { email: 'camille@example.fr', reason: 'asked' } });
    const response = await call(relay.adminToken, '/v1/admin/people/csv', { body: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="people-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([
      'id',
      'email',
      'given_name',
      'family_name',
      'phone',
      'address_lines',
      'postal_code',
      'locality',
      'country',
      'language',
      'created_at',
      'confirmed_at',
    ]);
    const byEmail = new Map(rows.slice(1).map((row) => [row[1], row]));
    expect(byEmail.has('camille@example.fr')).toBe(false);
    expect(byEmail.get('zoe@example.org')?.slice(2, 4)).toEqual(['Zoé', 'Lefèvre-Ñúñez']);
    // address_lines (one cell, lines joined) is column 5, locality column 7.
    const formula1 = byEmail.get('formula1@example.org');
    expect([formula1?.[5], formula1?.[7]]).toEqual(["'+1+1\n-2", `'=HYPERLINK("http://evil.example/x","clic")`]);
    const formula2 = byEmail.get('formula2@example.org');
    expect([formula2?.[5], formula2?.[7]]).toEqual(["'=1+1", "'@SUM(A1)"]);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const entry = (await auditEntries('people.export_csv'))[0];
    expect(entry).toMatchObject({ tokenName: 'Test admin', records: 3 });
  });

  it('caps exports per token per hour, in the reader’s language', async () => {
    // The test relay allows 2 an hour; the test above made one.
    expect((await call(relay.adminToken, '/v1/admin/people/csv', { body: { source: 'mastodon' } })).status).toBe(200);
    const refused = await call(relay.adminToken, '/v1/admin/people/csv', { body: {}, lang: 'fr' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await json<{ error: { code: string; issues: { message: string }[] } }>(refused);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.issues[0]?.message).toContain('console.exportsPerHour');
    expect((await auditEntries('people.export_csv')).length).toBe(2);
  });
});

describe('overview', () => {
  it('counts from the counters kept at commit time, by kind, form and source, for organizers too but without donors', async () => {
    const organizer = await json<{
      totals: Record<string, number>;
      chart: { buckets: string[]; byForm: { name: string; counts: number[] }[]; bySource: { name: string; counts: number[] }[] };
      petitions: { id: string; signatures: number; goal: number | null }[];
    }>(await call(relay.organizerToken, '/v1/admin/overview?range=24h'));
    expect(organizer.totals.signup).toBe(4);
    expect(organizer.chart.buckets.length).toBe(24);
    const sum = (series: { name: string; counts: number[] }[], name: string) =>
      series.find((s) => s.name === name)?.counts.reduce((a, b) => a + b, 0);
    expect(sum(organizer.chart.byForm, 'signup')).toBe(4);
    expect(sum(organizer.chart.bySource, 'newsletter')).toBe(3);
    expect(sum(organizer.chart.bySource, 'mastodon')).toBe(1);
    expect(organizer).not.toHaveProperty('donorsNearCap');
    expect((await call(relay.organizerToken, '/v1/admin/overview/donors')).status).toBe(403);
    expect(organizer.petitions.find((p) => p.id === 'stop-the-dump')).toMatchObject({ signatures: 0, goal: 1000 });
    const admin = await json<{ chart: { buckets: string[] } }>(await call(relay.adminToken, '/v1/admin/overview?range=30d&bucket=week'));
    expect(admin.chart.buckets.length).toBeGreaterThanOrEqual(5);
    const donors = await json<{ cap: number; donors: unknown[] }>(await call(relay.adminToken, '/v1/admin/overview/donors'));
    expect(donors).toMatchObject({ cap: 460_000, donors: [] });
    expect((await auditEntries('people.list')).some((e) => e.target === '/v1/admin/overview/donors')).toBe(true);
    expect((await call(relay.adminToken, '/v1/admin/overview?range=year')).status).toBe(400);
  });
});

/** Stores a pledge (and the money the provider confirmed for it) as the payment routes would, for the donor of `email`. */
async function storePledge(
  email: string,
  period: string,
  pledge: { status: string; amountMinor: number; review?: string; paid?: number; refunded?: number; at: string },
) {
  const person = await relay.db.selectFrom('people').select('email_hash').where('email', '=', email).executeTakeFirstOrThrow();
  const id = crypto.randomUUID();
  const expires = '2099-01-01T00:00:00.000Z';
  const closed = { abandoned: 'abandoned_at', failed: 'failed_at', ended: 'ended_at' }[pledge.status];
  await relay.db
    .insertInto('pledges')
    .values({
      id,
      public_id: crypto.randomUUID(),
      email_hash: person.email_hash,
      period,
      provider: 'stripe',
      status: pledge.status as 'paid',
      amount_minor: pledge.amountMinor,
      currency: 'EUR',
      recurrence: 'one_off',
      instalments: 1,
      review: pledge.review ?? null,
      checkout_ref: `cs_${id}`,
      payment_ref: pledge.paid ? `pi_${id}` : null,
      subscription_ref: null,
      customer_ref: null,
      checkout_expires_at: expires,
      completed_at: pledge.paid ? pledge.at : null,
      failed_at: closed === 'failed_at' ? pledge.at : null,
      abandoned_at: closed === 'abandoned_at' ? pledge.at : null,
      ended_at: closed === 'ended_at' ? pledge.at : null,
      created_at: pledge.at,
      updated_at: pledge.at,
      expires_at: expires,
    })
    .execute();
  const money = [
    ...(pledge.paid ? [{ kind: 'payment' as const, amount_minor: pledge.paid }] : []),
    ...(pledge.refunded ? [{ kind: 'refund' as const, amount_minor: pledge.refunded }] : []),
  ];
  for (const entry of money) {
    await relay.db
      .insertInto('pledge_payments')
      .values({ id: `${entry.kind}_${id}`, pledge_id: id, ...entry, at: pledge.at, expires_at: expires })
      .execute();
  }
  return id;
}

describe('donors near the cap', () => {
  it("sums the caps' running totals on money: paid counts, refunded and abandoned do not; an over-cap pledge is flagged", async () => {
    const before = await json<{ cap: number; period: string; donors: unknown[] }>(
      await call(relay.adminToken, '/v1/admin/overview/donors'),
    );
    const period = before.period;
    const at = new Date().toISOString();
    // Camille: 4,000 EUR paid, 2,000 refunded in full, 2,000 abandoned: 4,000 counts (80% of 4,600 is 3,680).
    await storePledge('camille@example.fr', period, { status: 'paid', amountMinor: 400_000, paid: 400_000, at });
    await storePledge('camille@example.fr', period, { status: 'refunded', amountMinor: 200_000, paid: 200_000, refunded: 200_000, at });
    await storePledge('camille@example.fr', period, { status: 'abandoned', amountMinor: 200_000, at });
    // Sam: only abandoned and refunded money, far over the cap if they counted.
    await storePledge('formula2@example.org', period, { status: 'abandoned', amountMinor: 450_000, at });
    await storePledge('formula2@example.org', period, { status: 'refunded', amountMinor: 450_000, paid: 450_000, refunded: 450_000, at });
    // Zoé: a small pledge held for review as over the cap.
    await storePledge('zoe@example.org', period, { status: 'pending_review', amountMinor: 10_000, review: 'over_cap', at });
    // Last period's money is not this period's.
    await storePledge('zoe@example.org', 'year:1999', { status: 'paid', amountMinor: 460_000, paid: 460_000, at });

    const donors = await json<{ cap: number; donors: { name: string; totalMinor: number; over: boolean; overCapPledges: number }[] }>(
      await call(relay.adminToken, '/v1/admin/overview/donors'),
    );
    expect(donors.cap).toBe(460_000);
    expect(donors.donors).toEqual([
      expect.objectContaining({ name: 'Camille Martin', totalMinor: 400_000, over: false, overCapPledges: 0 }),
      expect.objectContaining({ name: 'Zoé Lefèvre-Ñúñez', totalMinor: 10_000, over: false, overCapPledges: 1 }),
    ]);
  });
});

describe('donations list', () => {
  it('pages the pledges newest first with the money each took, filters by status, refuses an unknown status, and audits the read', async () => {
    const first = await json<{ pledges: Record<string, unknown>[]; nextCursor: string | null }>(
      await call(relay.adminToken, '/v1/admin/donations?limit=4'),
    );
    expect(first.pledges.length).toBe(4);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await json<{ pledges: Record<string, unknown>[]; nextCursor: string | null }>(
      await call(relay.adminToken, `/v1/admin/donations?limit=4&cursor=${first.nextCursor}`),
    );
    expect(rest.pledges.length).toBe(3);
    expect(rest.nextCursor).toBeNull();
    const all = [...first.pledges, ...rest.pledges];
    expect(new Set(all.map((p) => p.id)).size).toBe(7);
    const refunded = await json<{ pledges: Record<string, unknown>[] }>(
      await call(relay.adminToken, '/v1/admin/donations?status=refunded'),
    );
    expect(refunded.pledges).toHaveLength(2);
    expect(refunded.pledges).toContainEqual(
      expect.objectContaining({
        status: 'refunded',
        provider: 'stripe',
        amountMinor: 200_000,
        currency: 'EUR',
        paidMinor: 200_000,
        refundedMinor: 200_000,
        overCap: false,
      }),
    );
    const review = await json<{ pledges: Record<string, unknown>[] }>(
      await call(relay.adminToken, '/v1/admin/donations?status=pending_review'),
    );
    expect(review.pledges).toEqual([
      expect.objectContaining({ status: 'pending_review', overCap: true, paidMinor: 0, amountMinor: 10_000 }),
    ]);
    // No donor identity in the list: that stays in the audited CSV.
    expect(JSON.stringify(all)).not.toContain('@example');
    const bad = await call(relay.adminToken, '/v1/admin/donations?status=settled', { lang: 'fr' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('status doit valoir');
    const entries = (await auditEntries('donations.list')).filter((e) => e.target === '/v1/admin/donations');
    expect(entries.map((e) => e.records)).toEqual(expect.arrayContaining([4, 3, 2, 1]));
  });
});

describe('deliveries', () => {
  it('retries a dead delivery, refuses one that is not failing, and audits the retry', async () => {
    const action = await relay.db.selectFrom('actions').select('id').where('kind', '=', 'signup').executeTakeFirstOrThrow();
    const row = { ...pendingDelivery(action.id, 'webhook', new Date()), status: 'dead' as const, attempts: 8, last_error: 'http_422' };
    await relay.db.insertInto('outbox').values(row).execute();
    const listed = await json<{ deliveries: { id: string; answer: string; status: string }[] }>(
      await call(relay.adminToken, '/v1/admin/deliveries?status=dead'),
    );
    expect(listed.deliveries).toMatchObject([{ id: row.id, answer: 'http_422', status: 'dead' }]);
    expect((await call(relay.adminToken, `/v1/admin/deliveries/${row.id}/retry`, { body: {} })).status).toBe(200);
    const after = await relay.db.selectFrom('outbox').select(['status']).where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('pending');
    const again = await call(relay.adminToken, `/v1/admin/deliveries/${row.id}/retry`, { body: {} });
    expect(again.status).toBe(400);
    expect((await auditEntries('delivery.retry')).map((e) => e.target)).toEqual([row.id]);
  });
});

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('counters', () => {
  it('count RSVPs by event and status with their seats', async () => {
    const rsvp = (email: string, guests: number) => post(relay, '/v1/events/meeting-lyon/rsvps', { ...signupBody(email), guests });
    // Capacity 3: two seats, then two more (waitlisted: only one is left).
    const first = await rsvp('lou1@example.org', 1);
    const second = await rsvp('lou2@example.org', 1);
    expect([first.status, first.body.status, second.body.status], JSON.stringify(second.body)).toEqual([202, 'accepted', 'waitlisted']);
    const overview = await json<{ events: { id: string; rsvps: number; seatsTaken: number; guests: number; waitlisted: number }[] }>(
      await call(relay.adminToken, '/v1/admin/overview'),
    );
    expect(overview.events.find((e) => e.id === 'meeting-lyon')).toMatchObject({ rsvps: 1, seatsTaken: 2, guests: 1, waitlisted: 1 });
  });

  it('count donations by currency and recurrence with their amounts', async () => {
    for (const [amount, email] of [
      [2500, 'don1@example.org'],
      [10000, 'don2@example.org'],
    ] as const) {
      const response = await post(relay, '/v1/donations', donationBody(amount, email));
      expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
    }
    const overview = await json<{ donations: unknown[]; totals: Record<string, number> }>(
      await call(relay.adminToken, '/v1/admin/overview'),
    );
    expect(overview.donations).toEqual([{ currency: 'EUR', recurrence: 'one_off', pledges: 2, amountMinor: 12500 }]);
    expect(overview.totals.donation).toBe(2);
  });
});
