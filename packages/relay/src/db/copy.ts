/**
 * One-way copy of a relay's SQLite database into an empty PostgreSQL one, for
 * a campaign that started on one relay and grows to several
 * (`tract-relay copy --from relay.db --to $TRACT_DATABASE_URL`). Both are
 * migrated to the current schema first, then every table is copied row for
 * row in one PostgreSQL transaction: the target ends up with everything or
 * nothing. Stop the SQLite relay first; nothing is copied back.
 */
import { type Kysely, sql } from 'kysely';
import { ConfigError } from '../config/load.js';
import { isPostgres } from './dialect.js';
import { openDatabase } from './open.js';
import type { Database } from './schema.js';

/**
 * Tables copied first, in this order (a person before their actions); every
 * other table the migrations created follows by name. Rate counters are not
 * copied: they only matter within their window.
 */
const FIRST = ['tokens', 'people', 'actions', 'consent_events', 'idempotency_records', 'outbox'];
const SKIPPED = new Set(['relay_migrations', 'rate_counters']);

/** Rows per insert: well under PostgreSQL's 65,535 parameters for the widest table. */
const PAGE = 500;

/** The copy cannot start; the message says why and what to do. */
export class CopyError extends ConfigError {
  override name = 'CopyError';
}

/** Rows copied per table. */
export type CopyReport = Record<string, number>;

/** Copies every row of the SQLite database `from` into the empty PostgreSQL database `to`. */
export async function copyDatabase(from: string, to: string): Promise<CopyReport> {
  const source = await openDatabase(from);
  try {
    if (isPostgres(source)) throw new CopyError('--from must be a SQLite file (the database of the relay you are moving from).');
    const target = await openDatabase(to);
    try {
      if (!isPostgres(target)) throw new CopyError('--to must be a PostgreSQL URL (postgres://...), the database the relays will share.');
      return await copyInto(source, target);
    } finally {
      await target.destroy();
    }
  } finally {
    await source.destroy();
  }
}

async function copyInto(source: Kysely<Database>, target: Kysely<Database>): Promise<CopyReport> {
  const sourceTables = (await source.introspection.getTables()).filter((table) => !SKIPPED.has(table.name));
  const targetTables = new Map((await target.introspection.getTables()).map((table) => [table.name, table]));
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  sourceTables.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1));
  for (const { name } of sourceTables) {
    if (!targetTables.has(name)) throw new CopyError(`The PostgreSQL database has no table ${name}: update the relay there first.`);
    const any = await sql`select 1 from ${sql.table(name)} limit 1`.execute(target);
    if (any.rows.length > 0) {
      throw new CopyError(
        `The PostgreSQL database already holds data (table ${name}): the copy only fills an empty database, so nothing is merged or overwritten.`,
      );
    }
  }
  const report: CopyReport = {};
  await target.transaction().execute(async (trx) => {
    for (const { name } of sourceTables) {
      // SQLite stores booleans as 0 and 1; PostgreSQL wants true and false.
      const booleans = targetTables
        .get(name)!
        .columns.filter((column) => column.dataType === 'bool' || column.dataType === 'boolean')
        .map((column) => column.name);
      let copied = 0;
      let after = 0;
      for (;;) {
        // The source is always SQLite: its rowid pages through any table, whatever its key.
        const { rows } = await sql<Record<string, unknown> & { copy_rowid: number }>`
          select rowid as copy_rowid, * from ${sql.table(name)} where rowid > ${after} order by rowid limit ${PAGE}`.execute(source);
        if (rows.length === 0) break;
        after = rows.at(-1)!.copy_rowid;
        const values = rows.map(({ copy_rowid: _rowid, ...row }) => {
          for (const column of booleans) if (typeof row[column] === 'number') row[column] = row[column] === 1;
          return row;
        });
        await trx
          .insertInto(name as keyof Database)
          .values(values as never)
          .execute();
        copied += rows.length;
      }
      report[name] = copied;
    }
  });
  return report;
}
