/**
 * Retention: every stored record carries `expires_at`; this deletes what has
 * expired. Runs when the relay starts and every hour. Like an erasure, it
 * leaves no byte of what it deleted: the database zeroes deleted rows
 * (`secure_delete`) and the WAL is emptied after.
 */
import type { Kysely } from 'kysely';
import { LOCKS, tryLockForTransaction } from '../db/dialect.js';
import { truncateWal } from '../db/open.js';
import type { Database } from '../db/schema.js';

export interface PurgeReport {
  actions: number;
  people: number;
  consentEvents: number;
  idempotencyRecords: number;
  spentChallenges: number;
  confirmations: number;
  mail: number;
}

const NOTHING: PurgeReport = {
  actions: 0,
  people: 0,
  consentEvents: 0,
  idempotencyRecords: 0,
  spentChallenges: 0,
  confirmations: 0,
  mail: 0,
};

/**
 * Deletes every record whose expiry is before `now`, in one transaction.
 * Relays sharing a PostgreSQL database purge one at a time: the one that
 * finds the advisory lock taken reports nothing, the holder purges for all.
 */
export async function purgeExpired(db: Kysely<Database>, now: Date): Promise<PurgeReport> {
  const at = now.toISOString();
  const report = await db.transaction().execute(async (trx) => {
    if (!(await tryLockForTransaction(trx, LOCKS.purge))) return NOTHING;
    const expiredActions = trx.selectFrom('actions').select('id').where('expires_at', '<', at);
    await trx.deleteFrom('outbox').where('action_id', 'in', expiredActions).execute();
    const actions = await trx.deleteFrom('actions').where('expires_at', '<', at).executeTakeFirst();
    // A person outlives their expiry while an action of theirs is still kept.
    const people = await trx
      .deleteFrom('people')
      .where('expires_at', '<', at)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('actions').select('actions.id').whereRef('actions.person_id', '=', 'people.id'))),
      )
      .executeTakeFirst();
    const consentEvents = await trx.deleteFrom('consent_events').where('expires_at', '<', at).executeTakeFirst();
    const idempotencyRecords = await trx.deleteFrom('idempotency_records').where('expires_at', '<', at).executeTakeFirst();
    const spentChallenges = await trx.deleteFrom('spent_challenges').where('expires_at', '<', at).executeTakeFirst();
    const confirmations = await trx.deleteFrom('confirmations').where('expires_at', '<', at).executeTakeFirst();
    // A message whose link has expired is not worth sending; the log of sent mail only feeds a daily throttle.
    const mail = await trx.deleteFrom('mail_queue').where('expires_at', '<', at).executeTakeFirst();
    await trx.deleteFrom('mail_log').where('expires_at', '<', at).execute();
    // Payment records follow the accounting retention of their pledge (`retention.donationDays`).
    await trx.deleteFrom('pledges').where('expires_at', '<', at).execute();
    await trx.deleteFrom('pledge_payments').where('expires_at', '<', at).execute();
    await trx.deleteFrom('payment_events').where('expires_at', '<', at).execute();
    await trx.deleteFrom('rate_counters').where('expires_at', '<', at).execute();
    // Field mode: slices, the reveal audit log and the cool-down end with the campaign's retention, lists with them.
    await trx.deleteFrom('field_reveals').where('expires_at', '<', at).execute();
    await trx.deleteFrom('field_slices').where('expires_at', '<', at).execute();
    await trx.deleteFrom('field_calls').where('expires_at', '<', at).execute();
    const expiredLists = trx.selectFrom('field_lists').select('id').where('expires_at', '<', at);
    await trx.deleteFrom('field_members').where('list_id', 'in', expiredLists).execute();
    await trx.deleteFrom('field_volunteers').where('list_id', 'in', expiredLists).execute();
    await trx.deleteFrom('field_lists').where('expires_at', '<', at).execute();
    return {
      actions: Number(actions.numDeletedRows),
      people: Number(people.numDeletedRows),
      consentEvents: Number(consentEvents.numDeletedRows),
      idempotencyRecords: Number(idempotencyRecords.numDeletedRows),
      spentChallenges: Number(spentChallenges.numDeletedRows),
      confirmations: Number(confirmations.numDeletedRows),
      mail: Number(mail.numDeletedRows),
    };
  });
  if (report.actions + report.people + report.consentEvents + report.confirmations + report.mail > 0) await truncateWal(db);
  return report;
}
