/**
 * Converts the plain SHA-256 email hashes of relays that predate the hash key
 * (marked `sha256:<hex>` by migration 3) into keyed hashes. Run at every
 * start, before the relay serves: once converted there is nothing left to
 * find, so it costs one indexed lookup per table.
 */
import type { Kysely } from 'kysely';
import type { HashKey } from './hash-key.js';
import { LEGACY_HASH_PREFIX } from './migrations/003-confirmed-records.js';
import type { Database } from './schema.js';

export interface LegacyHashReport {
  people: number;
  consentSubjects: number;
  suppression: number;
}

/** Rewrites every `sha256:` hash as the keyed hash of the same email, in one transaction. */
export async function upgradeLegacyHashes(db: Kysely<Database>, key: HashKey): Promise<LegacyHashReport> {
  const legacy = `${LEGACY_HASH_PREFIX}%`;
  const keyed = (marked: string) => key.fromLegacyHash(marked.slice(LEGACY_HASH_PREFIX.length));
  return db.transaction().execute(async (trx) => {
    const people = await trx.selectFrom('people').select('email_hash').where('email_hash', 'like', legacy).execute();
    for (const { email_hash } of people) {
      await trx
        .updateTable('people')
        .set({ email_hash: keyed(email_hash) })
        .where('email_hash', '=', email_hash)
        .execute();
    }
    const subjects = await trx
      .selectFrom('consent_events')
      .select('subject_hash')
      .distinct()
      .where('subject_hash', 'like', legacy)
      .execute();
    for (const { subject_hash } of subjects) {
      await trx
        .updateTable('consent_events')
        .set({ subject_hash: keyed(subject_hash) })
        .where('subject_hash', '=', subject_hash)
        .execute();
    }
    const suppressed = await trx.selectFrom('suppression').select('email_hash').where('email_hash', 'like', legacy).execute();
    for (const { email_hash } of suppressed) {
      await trx
        .updateTable('suppression')
        .set({ email_hash: keyed(email_hash) })
        .where('email_hash', '=', email_hash)
        .execute();
    }
    return { people: people.length, consentSubjects: subjects.length, suppression: suppressed.length };
  });
}
