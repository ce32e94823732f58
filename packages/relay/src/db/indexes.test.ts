import { type Kysely, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_POSTGRES, type OpenTestDatabase, openTestDatabase } from '../test-support/database.js';
import type { Database } from './schema.js';

let opened: OpenTestDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  opened = await openTestDatabase('tract-indexes-');
  db = opened.db;
});
afterAll(() => opened.close());

/** The plan of `query` as text; on PostgreSQL with sequential scans priced out, since the test tables are empty. */
async function plan(query: RawBuilder<unknown>): Promise<string> {
  if (!ON_POSTGRES) {
    const { rows } = await sql<{ detail: string }>`explain query plan ${query}`.execute(db);
    return rows.map((row) => row.detail).join('\n');
  }
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('partial indexes of actions', () => {
  it("serve an event's seats and a petition's signatures (target_id = ?)", async () => {
    expect(await plan(sql`select count(*) from actions where kind = ${'rsvp'} and target_id = ${'fete'} and seats > ${0}`)).toContain(
      'actions_target',
    );
    expect(await plan(sql`select id from actions where target_id in (${'a'}, ${'b'}) and kind = ${'signature'}`)).toContain(
      'actions_target',
    );
  });

  it("serve an organizer's contacts (token_id = ?)", async () => {
    expect(await plan(sql`select id from actions where token_id = ${'token-1'} order by created_at desc`)).toContain('actions_token');
  });

  it('leave out actions without a value, and the unused donor-totals index is gone', async () => {
    const definitions = ON_POSTGRES
      ? (await sql<{ sql: string }>`select indexdef as sql from pg_indexes where tablename = 'actions'`.execute(db)).rows
      : (
          await sql<{
            sql: string;
          }>`select sql from sqlite_master where type = 'index' and tbl_name = 'actions' and sql is not null`.execute(db)
        ).rows;
    const text = definitions.map((row) => row.sql).join('\n');
    expect(text).toMatch(/actions_target[^\n]*where[^\n]*target_id[^\n]*is not null/i);
    expect(text).toMatch(/actions_token[^\n]*where[^\n]*token_id[^\n]*is not null/i);
    expect(text).not.toContain('actions_donor_totals');
  });
});
