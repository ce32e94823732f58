/**
 * The rights of a person (GDPR art. 15 and 17), by email: everything the relay
 * holds on them, and erasing it everywhere. An erasure leaves one tombstone in
 * the consent log (the email's hash, the time) as proof it was done. The
 * idempotency records of their actions stay until they expire: they hold no
 * personal data, and they stop a replay of an old submission from storing the
 * person again.
 */
import type { Kysely } from 'kysely';
import { hashEmail } from '../db/hash.js';
import type { Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';

/** Everything held on one email (subject access). */
export async function exportPerson(db: Kysely<Database>, email: string) {
  const emailHash = hashEmail(email);
  const person = await db.selectFrom('people').selectAll().where('email_hash', '=', emailHash).executeTakeFirst();
  const actions = person
    ? await db.selectFrom('actions').selectAll().where('person_id', '=', person.id).orderBy('created_at').execute()
    : [];
  const consentEvents = await db
    .selectFrom('consent_events')
    .selectAll()
    .where('subject_hash', '=', emailHash)
    .orderBy('recorded_at')
    .execute();
  const suppressed = await db.selectFrom('suppression').selectAll().where('email_hash', '=', emailHash).executeTakeFirst();
  return {
    person: person ?? null,
    actions: actions.map((a) => ({ ...a, data: JSON.parse(a.data) as unknown })),
    consentEvents,
    suppression: suppressed ?? null,
  };
}

export interface ErasureReport {
  people: number;
  actions: number;
  consentEvents: number;
  outbox: number;
}

/** Erases one email everywhere, in one transaction, and records the tombstone. */
export async function erasePerson(db: Kysely<Database>, email: string, now: Date, tombstoneExpiresAt: Date): Promise<ErasureReport> {
  const emailHash = hashEmail(email);
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('people').select('id').where('email_hash', '=', emailHash).executeTakeFirst();
    const report: ErasureReport = { people: 0, actions: 0, consentEvents: 0, outbox: 0 };
    if (person) {
      const actionIds = trx.selectFrom('actions').select('id').where('person_id', '=', person.id);
      report.outbox = Number((await trx.deleteFrom('outbox').where('action_id', 'in', actionIds).executeTakeFirst()).numDeletedRows);
      report.actions = Number((await trx.deleteFrom('actions').where('person_id', '=', person.id).executeTakeFirst()).numDeletedRows);
      report.people = Number((await trx.deleteFrom('people').where('id', '=', person.id).executeTakeFirst()).numDeletedRows);
    }
    report.consentEvents = Number(
      (await trx.deleteFrom('consent_events').where('subject_hash', '=', emailHash).executeTakeFirst()).numDeletedRows,
    );
    await trx
      .insertInto('consent_events')
      .values(adminConsentEvent('erasure', emailHash, now, tombstoneExpiresAt))
      .execute();
    return report;
  });
}

/** Records a withdrawal of every purpose in the consent log (the suppression list holds the opt-out). */
export async function recordWithdrawal(db: Kysely<Database>, email: string, now: Date, expiresAt: Date): Promise<void> {
  await db
    .insertInto('consent_events')
    .values(adminConsentEvent('withdrawal', hashEmail(email), now, expiresAt))
    .execute();
}

/**
 * A consent-log entry an admin action writes: it names no purpose or text,
 * only that the person's consent ended (withdrawal) or that they were erased
 * (the hashed tombstone that proves the erasure).
 */
function adminConsentEvent(kind: 'erasure' | 'withdrawal', subjectHash: string, now: Date, expiresAt: Date) {
  return {
    id: timeOrderedId(now.getTime()),
    subject_hash: subjectHash,
    kind,
    purpose: null,
    text_version: null,
    text_hash: null,
    text_language: null,
    channel: 'admin',
    origin: null,
    page_url: null,
    action_id: null,
    recorded_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  };
}
