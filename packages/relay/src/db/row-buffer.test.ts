import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenTestDatabase, openTestDatabase } from '../test-support/database.js';
import { sqlLiteral } from './dialect.js';
import { chunks, compileRows, RowBuffer } from './row-buffer.js';
import type { Database } from './schema.js';

let opened: OpenTestDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  opened = await openTestDatabase('tract-rows-');
  db = opened.db;
});
afterAll(() => opened.close());

const at = '2026-11-29T10:00:00.000Z';
function person(n: number, givenName: string | null) {
  return {
    id: `person-${n}`,
    email: `p${n}@example.fr`,
    email_hash: `hash-${n}`,
    given_name: givenName,
    family_name: null,
    phone: null,
    postal_code: null,
    country: 'FR',
    language: null,
    created_at: at,
    updated_at: at,
    expires_at: '2027-12-31T00:00:00.000Z',
  };
}
function action(n: number, hash: string | null) {
  return {
    id: `action-${n}`,
    kind: hash ? 'signup' : 'contact',
    person_email_hash: hash,
    target_id: null,
    status: 'accepted' as const,
    data: `{"n":${n}}`,
    amount_minor: n % 2 ? 2500 : null,
    period: null,
    seats: null,
    origin: 'https://www.example.fr',
    created_at: at,
    expires_at: at,
  };
}

describe('RowBuffer', () => {
  it('compiles each table exactly as Kysely would, from its first row', () => {
    const compile = (rows: ReturnType<typeof person>[]) => db.insertInto('people').values(rows).compile();
    const rows = [person(1, 'Camille'), person(2, null), person(3, 'Zoé')];
    const fast = compileRows(rows, { name: 'test-people', compile }, 'test');
    const slow = compile(rows);
    expect(fast.sql).toBe(slow.sql);
    expect(fast.parameters).toEqual(slow.parameters);
    expect(fast.query.kind).toBe('RawNode');
  });

  it('writes the values into the text for PostgreSQL exactly as inlining the numbered parameters Kysely compiles would', () => {
    // Compiles for PostgreSQL without a server: only the SQL text is compared.
    const postgres = new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (kysely) => new PostgresIntrospector(kysely),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const compile = (rows: ReturnType<typeof person>[]) => postgres.insertInto('people').values(rows).compile();
    const rows = [person(1, "O'Brien"), person(2, null), person(3, 'back\\slash'), person(4, 'Zoé')];
    const written = compileRows(rows, { name: 'test-people', compile }, 'test-postgres', sqlLiteral);
    const kysely = compile(rows);
    expect(written.parameters).toEqual([]);
    expect(written.sql).toBe(kysely.sql.replace(/\$(\d+)/g, (_match, n: string) => sqlLiteral(kysely.parameters[Number(n) - 1])));
    expect(written.sql).toContain("'O''Brien'");
    expect(written.sql).toContain(" E'back\\\\slash'");
    // Renumbered placeholders without `literal`: the same text Kysely compiles for every row.
    const numbered = compileRows(rows, { name: 'test-people', compile }, 'test-postgres');
    expect(numbered.sql).toBe(kysely.sql);
    expect(numbered.parameters).toEqual(kysely.parameters);
  });

  it('compiles each table of a real batch with Kysely once, then from its template', () => {
    const fill = (rows: RowBuffer, numbers: number[]) => {
      for (const n of numbers) {
        rows.addPerson(person(n, 'Camille'));
        rows.addAction(action(n, n === 3 ? null : `hash-${n}`));
        rows.addConsentEvents([
          {
            id: `c-${n}`,
            subject_hash: `hash-${n}`,
            kind: 'grant',
            purpose: 'email',
            text_version: 'v1',
            text_hash: 'sha256:x',
            text_language: 'fr',
            channel: 'signup',
            origin: null,
            page_url: null,
            action_id: `action-${n}`,
            recorded_at: at,
            expires_at: at,
          },
        ]);
        rows.addIdempotencyRecord({
          key: `action-${n}`,
          request_hash: 'h',
          status_code: 202,
          response_body: '{}',
          created_at: at,
          expires_at: at,
        });
        rows.addSpentChallenge({ signature: `sig-${n}`, expires_at: at });
      }
    };
    let compiled = 0;
    const counting = db.withPlugin({
      transformQuery: ({ node }) => {
        compiled++;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const first = new RowBuffer();
    fill(first, [1]);
    first.takeStatements(counting);
    compiled = 0;
    const rows = new RowBuffer();
    fill(rows, [2, 3, 4, 5]);
    const statements = rows.takeStatements(counting);
    // Four rows per table: one statement each, none compiled by Kysely.
    expect(statements).toHaveLength(5);
    expect(compiled).toBe(0);
    // A shape never seen before is compiled once.
    const other = new RowBuffer();
    other.addSpentChallenge({ expires_at: at, signature: 'sig-reordered' });
    other.takeStatements(counting);
    expect(compiled).toBe(1);
  });

  it('chunks rows in powers of two, largest first, so statement texts recur', () => {
    const sizes = (n: number) => [...chunks(Array.from({ length: n }, (_, i) => i))].map((chunk) => chunk.length);
    expect(sizes(0)).toEqual([]);
    expect(sizes(1)).toEqual([1]);
    expect(sizes(93)).toEqual([64, 16, 8, 4, 1]);
    expect(sizes(256)).toEqual([256]);
    expect(sizes(700)).toEqual([256, 256, 128, 32, 16, 8, 4]);
    expect([...chunks(Array.from({ length: 700 }, (_, i) => i))].flat()).toEqual(Array.from({ length: 700 }, (_, i) => i));
  });

  it('falls back to Kysely when a row does not bind in key order', () => {
    // Each row's columns given to Kysely in reverse: its parameters are not the row's values in key order.
    const compile = (rows: ReturnType<typeof person>[]) =>
      db
        .insertInto('people')
        .values(rows.map((row) => Object.fromEntries(Object.entries(row).reverse()) as typeof row))
        .compile();
    const rows = [person(1, 'A'), person(2, 'B')];
    const reversed = compileRows(rows, { name: 'test-reversed', compile }, 'test');
    expect(reversed.parameters).toEqual(compile(rows).parameters);
    expect(reversed.query.kind).not.toBe('RawNode');
  });

  it('falls back to Kysely when a row has other keys than the first', () => {
    const compile = (rows: Record<string, unknown>[]) =>
      db
        .insertInto('people')
        .values(rows as never)
        .compile();
    const first = person(1, 'A');
    const { given_name: _given, ...withoutName } = person(2, 'B');
    const rows = [first, { ...withoutName, given_name: 'B' }, withoutName];
    const compiled = compileRows(rows, { name: 'test-shapes', compile }, 'test');
    expect(compiled.sql).toBe(compile(rows).sql);
    expect(compiled.parameters).toEqual(compile(rows).parameters);
  });

  it('writes people, actions linked to them by email hash, and contacts with no person', async () => {
    const rows = new RowBuffer();
    rows.addPerson(person(1, 'Camille'));
    rows.addPerson(person(2, 'Sam'));
    rows.addPerson({ ...person(1, 'Mallory'), phone: '+33612345678', expires_at: '2028-06-30T00:00:00.000Z' });
    rows.addAction(action(1, 'hash-1'));
    rows.addAction(action(2, 'hash-2'));
    rows.addAction(action(3, null));
    await db.transaction().execute((trx) => rows.write(trx));
    const people = await db.selectFrom('people').selectAll().orderBy('id').execute();
    // A later submission for the same email in the batch changes no field; it only keeps the record longer.
    expect(people.map((p) => [p.id, p.given_name, p.phone, p.expires_at])).toEqual([
      ['person-1', 'Camille', null, '2028-06-30T00:00:00.000Z'],
      ['person-2', 'Sam', null, '2027-12-31T00:00:00.000Z'],
    ]);
    const actions = await db.selectFrom('actions').select(['id', 'person_id', 'amount_minor']).orderBy('id').execute();
    expect(actions).toEqual([
      { id: 'action-1', person_id: 'person-1', amount_minor: 2500 },
      { id: 'action-2', person_id: 'person-2', amount_minor: null },
      { id: 'action-3', person_id: null, amount_minor: 2500 },
    ]);
  });

  it('never changes a stored record from a later batch, whatever it carries', async () => {
    const later = new RowBuffer();
    later.addPerson({ ...person(9, 'Impostor'), id: 'person-9', email: 'P2@EXAMPLE.FR', email_hash: 'hash-2', phone: '+33700000000' });
    await db.transaction().execute((trx) => later.write(trx));
    const sam = await db.selectFrom('people').selectAll().where('email_hash', '=', 'hash-2').executeTakeFirstOrThrow();
    expect([sam.id, sam.email, sam.given_name, sam.phone, sam.updated_at]).toEqual(['person-2', 'p2@example.fr', 'Sam', null, at]);
  });
});
