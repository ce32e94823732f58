/**
 * Field mode against a real relay over HTTP with a real SQLite file: who gets
 * on a list, what a volunteer token can (and cannot) extract, race-free
 * slices, reservations ending, the cool-down, pacing, and results.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { purgeExpired } from '../retention/purge.js';
import { call, createList, type FieldTestRelay, result, seedPeople, startFieldRelay, volunteer } from '../test-support/field.js';

let relay: FieldTestRelay;

beforeEach(async () => {
  relay = await startFieldRelay();
});
afterEach(async () => {
  await relay.stop();
});

const MINUTE = 60_000;

describe('building a list', () => {
  it('holds by construction only people with the phone purpose and a phone, never the suppressed or erased', async () => {
    const callable = await seedPeople(relay, 12);
    await seedPeople(relay, 3, { purposes: ['email'], emailPrefix: 'mail-only' });
    await seedPeople(relay, 2, { noPhone: true, emailPrefix: 'no-phone' });
    const [suppressed, erased] = callable;
    expect((await call(relay, relay.adminToken, 'POST', '/v1/admin/suppression', { email: suppressed })).status).toBe(201);
    expect((await call(relay, relay.adminToken, 'POST', '/v1/admin/people/erase', { email: erased })).status).toBe(200);

    const list = await createList(relay);
    expect(list.size).toBe(10);
    const members = await relay.db
      .selectFrom('field_members')
      .innerJoin('people', 'people.id', 'field_members.person_id')
      .select('people.email')
      .where('field_members.list_id', '=', list.id)
      .execute();
    expect(new Set(members.map((m) => m.email))).toEqual(new Set(callable.slice(2)));
  });

  it('a door list needs postal areas and takes only people who gave the post purpose or asked for a visit there', async () => {
    await seedPeople(relay, 4, { purposes: ['post'], postalCode: '69007', emailPrefix: 'door' });
    await seedPeople(relay, 3, { purposes: [], tags: ['visit'], postalCode: '69003', emailPrefix: 'visit' });
    await seedPeople(relay, 2, { purposes: [], tags: ['newsletter'], postalCode: '69003', emailPrefix: 'tagged' });
    await seedPeople(relay, 5, { purposes: ['phone'], postalCode: '69007', emailPrefix: 'phone' });
    await seedPeople(relay, 2, { purposes: ['post'], postalCode: '75011', emailPrefix: 'paris' });
    const missing = await call(
      relay,
      relay.adminToken,
      'POST',
      '/v1/admin/field/lists',
      { kind: 'door', name: 'Portes', script: { fr: 'Bonjour', en: 'Hello' } },
      { 'accept-language': 'fr' },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0]).toMatchObject({ path: 'filter.postalCodePrefixes', code: 'required' });
    expect(missing.body.error.issues[0].message).toMatch(/codes postaux/);
    const list = await createList(relay, { kind: 'door', filter: { postalCodePrefixes: ['690'] } });
    expect(list.size).toBe(7);
  });

  it('refuses a slice size above 50 and unknown fields, naming the field', async () => {
    const answer = await call(relay, relay.adminToken, 'POST', '/v1/admin/field/lists', {
      kind: 'call',
      name: 'x',
      script: { fr: 'a', en: 'b' },
      sliceSize: 51,
      extra: 1,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra', 'sliceSize'].sort());
  });
});

describe('a volunteer trying to extract more than a slice', () => {
  it('gets a 4xx for every attempt and never holds more numbers than one slice', async () => {
    await seedPeople(relay, 30);
    const list = await createList(relay, { sliceSize: 8 });
    const other = await createList(relay, { name: 'Autre liste', sliceSize: 8 });
    const alex = await volunteer(relay, list.id, 'Alex');
    const sam = await volunteer(relay, list.id, 'Sam');
    const phones = new Set<string>();
    const attempts: number[] = [];
    const revealAs = async (token: string, ref: string) => {
      const answer = await call(relay, token, 'POST', '/v1/field/reveals', { ref });
      if (answer.body?.phone) phones.add(answer.body.phone);
      return answer;
    };

    // Spending the invitation again.
    const again = await fetch(`${relay.url}/v1/field/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invitation: alex.invitation }),
    });
    attempts.push(again.status);

    const slice = await call(relay, alex.token, 'POST', '/v1/field/slices');
    expect(slice.status).toBe(201);
    expect(slice.body.people).toHaveLength(8);
    expect(Object.keys(slice.body.people[0]).sort()).toEqual(['area', 'givenName', 'outcome', 'ref', 'revealed']);
    expect(JSON.stringify(slice.body)).not.toMatch(/\+331|@example\.org|rue de la Fiction/);
    const refs: string[] = slice.body.people.map((p: { ref: string }) => p.ref);

    // A second slice while one is open.
    attempts.push((await call(relay, alex.token, 'POST', '/v1/field/slices')).status);
    // Enumerating references: random ones, and those of another volunteer's slice.
    for (let i = 0; i < 5; i++) attempts.push((await revealAs(alex.token, randomUUID())).status);
    const samSlice = await call(relay, sam.token, 'POST', '/v1/field/slices');
    for (const person of samSlice.body.people.slice(0, 3)) attempts.push((await revealAs(alex.token, person.ref)).status);
    const otherMember = await relay.db.selectFrom('field_members').select('id').where('list_id', '=', other.id).executeTakeFirstOrThrow();
    attempts.push((await revealAs(alex.token, otherMember.id)).status);

    // Revealing the slice, half one by one, half racing (each reference four times at once).
    for (const ref of refs.slice(0, 4)) expect((await revealAs(alex.token, ref)).status).toBe(200);
    const raced = await Promise.all(refs.slice(4).flatMap((ref) => [1, 2, 3, 4].map(() => revealAs(alex.token, ref))));
    expect(raced.filter((a) => a.status === 200)).toHaveLength(4);
    for (const answer of raced.filter((a) => a.status !== 200)) attempts.push(answer.status);
    // Replaying reveals.
    for (const ref of refs) attempts.push((await revealAs(alex.token, ref)).status);

    // Admin and organizer endpoints, and the whole list's details.
    for (const [method, path, body] of [
      ['GET', '/v1/admin/actions'],
      ['GET', `/v1/admin/field/lists/${list.id}`],
      ['GET', `/v1/admin/field/lists/${list.id}/reveals`],
      ['GET', '/v1/admin/field/lists'],
      ['POST', '/v1/admin/people/export', { email: 'supporter1@example.org' }],
      ['POST', `/v1/admin/field/lists/${list.id}/invitations`, { name: 'Moi encore' }],
      ['GET', '/v1/admin/outbox'],
      ['POST', '/v1/contacts', {}],
      ['GET', '/v1/admin/session'],
      ['GET', '/v1/admin/overview'],
      ['POST', '/v1/admin/people/search', { query: 'supporter' }],
      ['POST', '/v1/admin/people/csv', {}],
      ['GET', '/v1/admin/contacts'],
      ['GET', '/v1/admin/audit'],
    ] as [string, string, unknown?][]) {
      attempts.push((await call(relay, alex.token, method, path, body, { 'idempotency-key': randomUUID() })).status);
    }

    // Expired, then revoked tokens.
    const expiring = await volunteer(relay, list.id, 'Expiring');
    await relay.db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('scope', '=', list.id)
      .where('name', '=', 'Expiring')
      .execute();
    attempts.push((await call(relay, expiring.token, 'POST', '/v1/field/slices')).status);
    expect((await call(relay, relay.adminToken, 'POST', `/v1/admin/field/volunteers/${alex.id}/revoke`)).status).toBe(200);
    for (const ref of refs) attempts.push((await revealAs(alex.token, ref)).status);
    attempts.push((await call(relay, alex.token, 'POST', '/v1/field/slices')).status);
    attempts.push((await call(relay, alex.token, 'GET', '/v1/field/assignment')).status);

    expect(attempts.length).toBeGreaterThan(40);
    for (const status of attempts) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    }
    expect(phones.size).toBe(8);
    expect(phones.size).toBeLessThanOrEqual(8);
    // Every reveal is in the audit log, and only those: the list's and the console's.
    const log = await call(relay, relay.adminToken, 'GET', `/v1/admin/field/lists/${list.id}/reveals`);
    expect(log.body.reveals.filter((r: { volunteer: string }) => r.volunteer === 'Alex')).toHaveLength(8);
    const audit = await call(relay, relay.adminToken, 'GET', '/v1/admin/audit?event=field.reveal&limit=100');
    const alexEntries = audit.body.entries.filter((e: { tokenName: string }) => e.tokenName === 'Alex');
    expect(alexEntries.map((e: { target: string }) => e.target).sort()).toEqual([...refs].sort());
    // The revoked volunteer's slice went back to the pool.
    const back = await relay.db
      .selectFrom('field_members')
      .select('id')
      .where('id', 'in', refs)
      .where('available_at', '<=', relay.now().toISOString())
      .execute();
    expect(back).toHaveLength(8);
  });

  it('works from the relay’s own origin, which the campaign’s allow-list does not name', async () => {
    await seedPeople(relay, 3);
    const list = await createList(relay, { sliceSize: 3 });
    const alex = await volunteer(relay, list.id);
    expect(relay.config.origins).not.toContain(relay.url);
    const slice = await call(relay, alex.token, 'POST', '/v1/field/slices', {}, { origin: relay.url });
    expect(slice.status).toBe(201);
    expect(slice.headers.get('access-control-allow-origin')).toBe(relay.url);
    expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: slice.body.people[0].ref }, { origin: 'null' })).status).toBe(
      403,
    );
  });

  it('an admin or organizer token opens nothing of field mode; no token is 401', async () => {
    await seedPeople(relay, 3);
    await createList(relay);
    expect((await call(relay, relay.adminToken, 'POST', '/v1/field/slices')).status).toBe(403);
    expect((await call(relay, relay.organizerToken, 'GET', '/v1/field/assignment')).status).toBe(403);
    expect((await fetch(`${relay.url}/v1/field/assignment`)).status).toBe(401);
  });
});

describe('slices', () => {
  it('two volunteers asking at the same moment never receive the same person', async () => {
    await seedPeople(relay, 60);
    const list = await createList(relay, { sliceSize: 5 });
    const volunteers = await Promise.all(Array.from({ length: 10 }, (_, i) => volunteer(relay, list.id, `V${i}`)));
    const slices = await Promise.all(
      volunteers.flatMap((v) => [call(relay, v.token, 'POST', '/v1/field/slices'), call(relay, v.token, 'POST', '/v1/field/slices')]),
    );
    const taken = slices.filter((s) => s.status === 201);
    expect(taken).toHaveLength(10);
    expect(slices.filter((s) => s.status === 409)).toHaveLength(10);
    const refs = taken.flatMap((s) => s.body.people.map((p: { ref: string }) => p.ref));
    expect(refs).toHaveLength(50);
    expect(new Set(refs).size).toBe(50);
    const people = await relay.db.selectFrom('field_members').select('person_id').where('id', 'in', refs).execute();
    expect(new Set(people.map((p) => p.person_id)).size).toBe(50);
  });

  it('a slice not finished in time returns to the pool; reached people stay out for the cool-down', async () => {
    await seedPeople(relay, 6);
    const list = await createList(relay, { sliceSize: 6, reservationMinutes: 30, cooldownDays: 10 });
    const alex = await volunteer(relay, list.id, 'Alex');
    const sam = await volunteer(relay, list.id, 'Sam');
    const first = await call(relay, alex.token, 'POST', '/v1/field/slices');
    const refs: string[] = first.body.people.map((p: { ref: string }) => p.ref);
    // Alex reveals the third person too, but records nothing before the reservation ends.
    expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[2] })).status).toBe(200);
    for (const ref of refs.slice(0, 2)) {
      expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref })).status).toBe(200);
      const posted = await call(relay, alex.token, 'POST', '/v1/field/results', result(ref, 'answered', { supportLevel: 4 }), {
        'idempotency-key': randomUUID(),
      });
      expect(posted.status).toBe(202);
    }
    expect((await call(relay, sam.token, 'POST', '/v1/field/slices')).status).toBe(409);
    relay.advance(31 * MINUTE);
    const second = await call(relay, sam.token, 'POST', '/v1/field/slices');
    expect(second.status).toBe(201);
    expect(second.body.people.map((p: { ref: string }) => p.ref).sort()).toEqual(refs.slice(2).sort());
    // The reservation ended, so Alex's reveals of it are refused too.
    expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[2] })).status).toBe(409);
    // Alex records late (a phone's queue) the person revealed before the reservation ended: Sam, who holds them now, is told to move on.
    const late = await call(relay, alex.token, 'POST', '/v1/field/results', result(refs[2]!, 'answered'), {
      'idempotency-key': randomUUID(),
    });
    expect(late.status).toBe(202);
    expect((await call(relay, sam.token, 'POST', '/v1/field/reveals', { ref: refs[2] })).status).toBe(410);

    // Sam's slice ends too: its people come back, the reached ones only after the cool-down.
    relay.advance(31 * MINUTE);
    const third = await call(relay, alex.token, 'POST', '/v1/field/slices');
    expect(third.body.people.map((p: { ref: string }) => p.ref).sort()).toEqual(refs.slice(3).sort());
    expect((await call(relay, alex.token, 'POST', '/v1/field/slices/current/close')).status).toBe(200);
    relay.advance(10 * 24 * 60 * MINUTE);
    // Alex's 7-day token has ended by now.
    expect((await call(relay, alex.token, 'POST', '/v1/field/slices')).status).toBe(401);
    const kim = await volunteer(relay, list.id, 'Kim');
    const later = await call(relay, kim.token, 'POST', '/v1/field/slices');
    expect(later.status).toBe(201);
    expect(later.body.people.map((p: { ref: string }) => p.ref).sort()).toEqual(refs.sort());
  });

  it('a new list leaves out people reached within the cool-down', async () => {
    await seedPeople(relay, 4);
    const list = await createList(relay, { sliceSize: 4, cooldownDays: 7 });
    const alex = await volunteer(relay, list.id);
    const slice = await call(relay, alex.token, 'POST', '/v1/field/slices');
    const ref = slice.body.people[0].ref;
    await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref });
    await call(relay, alex.token, 'POST', '/v1/field/results', result(ref, 'no_answer'), { 'idempotency-key': randomUUID() });
    expect((await createList(relay, { cooldownDays: 7 })).size).toBe(3);
    expect((await createList(relay, { cooldownDays: 0 })).size).toBe(4);
  });
});

describe('pace', () => {
  it('more than the hourly reveals, or faster than the average, answers 429 with a clear message and flags the volunteer', async () => {
    await seedPeople(relay, 20);
    const list = await createList(relay, { sliceSize: 20, revealsPerHour: 12, revealMinAverageSeconds: 60 });
    const alex = await volunteer(relay, list.id, 'Alex');
    const refs: string[] = (await call(relay, alex.token, 'POST', '/v1/field/slices')).body.people.map((p: { ref: string }) => p.ref);
    // 10 minutes at one per 60 s on average: 10 reveals; the 11th is too fast.
    for (const ref of refs.slice(0, 10)) expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref })).status).toBe(200);
    const fast = await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[10] }, { 'accept-language': 'fr' });
    expect(fast.status).toBe(429);
    expect(fast.body.error.rule).toBe('reveal_average_pace');
    expect(fast.body.error.issues[0].message).toMatch(/toutes les 60 secondes/);
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(500);
    relay.advance(11 * MINUTE);
    expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[10] })).status).toBe(200);
    expect((await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[11] })).status).toBe(200);
    const hourly = await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref: refs[12] });
    expect(hourly.status).toBe(429);
    expect(hourly.body.error.rule).toBe('reveals_per_hour');
    expect(hourly.body.error.issues[0].message).toMatch(/12 contacts in the last hour/);

    const detail = await call(relay, relay.adminToken, 'GET', `/v1/admin/field/lists/${list.id}`);
    const row = detail.body.volunteers.find((v: { name: string }) => v.name === 'Alex');
    expect(row).toMatchObject({ status: 'active', revealsTotal: 12, revealsLastHour: 12, flags: 2 });
    expect(row.flaggedAt).not.toBeNull();
  });
});

describe('results', () => {
  it('are idempotent, suppress on do-not-call, drop the number on wrong number, and show in the progress', async () => {
    await seedPeople(relay, 5);
    const list = await createList(relay, { sliceSize: 5 });
    const second = await createList(relay, { name: 'Relance', sliceSize: 5, cooldownDays: 0 });
    const alex = await volunteer(relay, list.id);
    const refs: string[] = (await call(relay, alex.token, 'POST', '/v1/field/slices')).body.people.map((p: { ref: string }) => p.ref);

    // Not revealed yet: refused.
    const early = await call(relay, alex.token, 'POST', '/v1/field/results', result(refs[0]!, 'answered'), {
      'idempotency-key': randomUUID(),
    });
    expect(early.status).toBe(404);
    for (const ref of refs) await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref });

    const key = randomUUID();
    const body = result(refs[0]!, 'answered', { supportLevel: 5, willVolunteer: true, yardSign: true, note: 'Très motivée' });
    const first = await call(relay, alex.token, 'POST', '/v1/field/results', body, { 'idempotency-key': key });
    const replay = await call(relay, alex.token, 'POST', '/v1/field/results', body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await relay.db.selectFrom('actions').select('id').where('kind', '=', 'field_result').execute()).toHaveLength(1);

    const bad = await call(
      relay,
      alex.token,
      'POST',
      '/v1/field/results',
      { ...result(refs[1]!, 'hung_up'), person: { email: 'x@example.org' } },
      { 'idempotency-key': randomUUID(), 'accept-language': 'fr' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['outcome', 'person']);

    const dnc = await call(relay, alex.token, 'POST', '/v1/field/results', result(refs[1]!, 'do_not_call'), {
      'idempotency-key': randomUUID(),
    });
    expect(dnc.status).toBe(202);
    const wrong = await call(relay, alex.token, 'POST', '/v1/field/results', result(refs[2]!, 'wrong_number'), {
      'idempotency-key': randomUUID(),
    });
    expect(wrong.status).toBe(202);
    await call(relay, alex.token, 'POST', '/v1/field/results', result(refs[3]!, 'voicemail'), { 'idempotency-key': randomUUID() });

    const personOf = async (ref: string) =>
      relay.db
        .selectFrom('field_members')
        .innerJoin('people', 'people.id', 'field_members.person_id')
        .select(['people.email', 'people.phone', 'people.email_hash', 'people.id'])
        .where('field_members.id', '=', ref)
        .executeTakeFirstOrThrow();
    const dncPerson = await personOf(refs[1]!);
    expect(
      await relay.db.selectFrom('suppression').select('reason').where('email_hash', '=', dncPerson.email_hash).executeTakeFirst(),
    ).toEqual({ reason: 'do_not_call' });
    expect((await personOf(refs[2]!)).phone).toBeNull();
    // Both are off the other list for good.
    const elsewhere = await relay.db.selectFrom('field_members').select(['person_id', 'state']).where('list_id', '=', second.id).execute();
    const stateOf = (personId: string) => elsewhere.find((m) => m.person_id === personId)?.state;
    expect(stateOf(dncPerson.id)).toBe('removed');
    expect(stateOf((await personOf(refs[2]!)).id)).toBe('removed');

    const progress = (await call(relay, relay.adminToken, 'GET', `/v1/admin/field/lists/${list.id}`)).body.progress;
    expect(progress).toEqual({
      size: 5,
      reached: 4,
      remaining: 1,
      outcomes: { answered: 1, do_not_call: 1, wrong_number: 1, voicemail: 1 },
      supportLevels: { '5': 1 },
    });
    const assignment = await call(relay, alex.token, 'GET', '/v1/field/assignment');
    expect(assignment.body.list.progressPercent).toBe(80);
    expect(assignment.body.progress).toEqual({ done: 4 });
  });
});

describe('retention', () => {
  it('slices, reveals, the cool-down and the lists end with the campaign', async () => {
    await seedPeople(relay, 3);
    const list = await createList(relay, { sliceSize: 3 });
    const alex = await volunteer(relay, list.id);
    const ref = (await call(relay, alex.token, 'POST', '/v1/field/slices')).body.people[0].ref;
    await call(relay, alex.token, 'POST', '/v1/field/reveals', { ref });
    await call(relay, alex.token, 'POST', '/v1/field/results', result(ref, 'answered'), { 'idempotency-key': randomUUID() });
    const rows = async () =>
      Promise.all(
        (['field_lists', 'field_members', 'field_volunteers', 'field_slices', 'field_reveals', 'field_calls'] as const).map(async (table) =>
          Number(
            (
              await relay.db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    expect(await rows()).toEqual([1, 3, 1, 1, 1, 1]);
    await purgeExpired(relay.db, new Date(relay.now().getTime() + 60_000));
    expect(await rows()).toEqual([1, 3, 1, 1, 1, 1]);
    await purgeExpired(relay.db, new Date(Date.parse(relay.config.retention.campaignEndsAt) + 60_000));
    expect(await rows()).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
