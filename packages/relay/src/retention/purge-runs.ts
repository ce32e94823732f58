/**
 * Each purge run, recorded (when, and how many rows of each kind it deleted)
 * so the console's GDPR desk can show when retention last ran. Runs older
 * than 90 days are dropped as a new one is recorded.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { type PurgeReport, purgeExpired } from './purge.js';

const KEEP_MS = 90 * 86_400_000;

/** Purges what expired before `now` and records the run. */
export async function purgeAndRecord(db: Kysely<Database>, now: Date): Promise<PurgeReport> {
  const report = await purgeExpired(db, now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('purge_runs')
      .values({ id: timeOrderedId(now.getTime()), ran_at: now.toISOString(), report: JSON.stringify(report) })
      .execute();
    await trx
      .deleteFrom('purge_runs')
      .where('ran_at', '<', new Date(now.getTime() - KEEP_MS).toISOString())
      .execute();
  });
  return report;
}

export async function lastPurgeRuns(db: Kysely<Database>, limit: number) {
  const rows = await db.selectFrom('purge_runs').selectAll().orderBy('ran_at', 'desc').limit(limit).execute();
  return rows.map((row) => ({ ranAt: row.ran_at, deleted: JSON.parse(row.report) as PurgeReport }));
}
