/**
 * The rights of a person (GDPR art. 15, 16 and 17): everything the relay
 * holds on an email, correcting their record, and erasing them everywhere,
 * clipped contacts included. An erasure leaves one tombstone per person in
 * the consent log (a keyed hash, the time) as proof it was done, and leaves
 * no readable byte of what it erased in the database or its WAL. The
 * idempotency records of erased actions stay until they expire: they hold no
 * personal data, and they stop a replay of an old submission from storing the
 * person again.
 */
import type { Contact } from '@tract/sdk/schema';
import type { Kysely, Transaction } from 'kysely';
import type { PersonColumns } from '../confirmation/person-fields.js';
import type { HashKey } from '../db/hash-key.js';
import { truncateWal } from '../db/open.js';
import type { Database, PersonRow } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { type ContactCriteria, contactMatches, contactSubject, noteMentions } from './contact-match.js';

/** Contacts are read this many at a time while looking for the ones an erasure names. */
const CONTACT_PAGE = 500;

/** Everything held on one email (subject access). */
export async function exportPerson(db: Kysely<Database>, hashKey: HashKey, email: string) {
  const emailHash = hashKey.emailHash(email);
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
  const confirmations = await db
    .selectFrom('confirmations')
    .select(['purpose', 'action_id', 'created_at', 'expires_at', 'confirmed_at'])
    .where('email_hash', '=', emailHash)
    .orderBy('created_at')
    .execute();
  const queuedMail = await db
    .selectFrom('mail_queue')
    .select(['id', 'confirmation_id', 'attempts', 'created_at', 'expires_at'])
    .where('recipient_hash', '=', emailHash)
    .orderBy('created_at')
    .execute();
  const suppressed = await db.selectFrom('suppression').selectAll().where('email_hash', '=', emailHash).executeTakeFirst();
  return {
    person: person ?? null,
    actions: actions.map((a) => ({ ...a, data: JSON.parse(a.data) as unknown })),
    consentEvents,
    confirmations,
    queuedMail,
    suppression: suppressed ?? null,
  };
}

/** What an erasure request names: an email, a clipped contact, or both. */
export interface ErasureRequest {
  email?: string;
  contact?: ContactCriteria;
}

export interface ErasureReport {
  people: number;
  /** The person's actions (signups, signatures, RSVPs, pledges). */
  actions: number;
  /** Contacts clipped by organizers. */
  contacts: number;
  consentEvents: number;
  outbox: number;
  confirmations: number;
  mail: number;
}

/**
 * Erases everything `request` names, in one transaction, and records the
 * tombstones; then empties the WAL, so no erased byte is left in it.
 * `walEmptied` is false in the rare case readers kept the WAL busy through
 * every try: the rows are gone and zeroed, and the next erasure or purge
 * empties the WAL.
 */
export async function erasePerson(
  db: Kysely<Database>,
  hashKey: HashKey,
  request: ErasureRequest,
  now: Date,
  tombstoneExpiresAt: Date,
  /** Runs in the erasure's transaction once it is done (the audit entry), before the WAL is emptied. */
  afterErasure?: (trx: Transaction<Database>, report: ErasureReport) => Promise<void>,
): Promise<{ report: ErasureReport; walEmptied: boolean }> {
  const report = await db.transaction().execute(async (trx) => {
    const report: ErasureReport = { people: 0, actions: 0, contacts: 0, consentEvents: 0, outbox: 0, confirmations: 0, mail: 0 };
    const tombstones: string[] = [];
    if (request.email !== undefined) {
      const emailHash = hashKey.emailHash(request.email);
      await erasePersonByHash(trx, emailHash, report);
      tombstones.push(emailHash);
    }
    const contacts = await contactsNamed(trx, request);
    if (contacts.length > 0) {
      const ids = contacts.map((contact) => contact.id);
      report.outbox += await deletedRows(trx.deleteFrom('outbox').where('action_id', 'in', ids));
      report.contacts = await deletedRows(trx.deleteFrom('actions').where('id', 'in', ids));
      tombstones.push(...new Set(contacts.map((contact) => hashKey.mac('contact', contactSubject(contact.data)))));
    }
    if (tombstones.length > 0) {
      await trx
        .insertInto('consent_events')
        .values(tombstones.map((subject) => adminConsentEvent('erasure', subject, now, tombstoneExpiresAt)))
        .execute();
    }
    await afterErasure?.(trx, report);
    return report;
  });
  return { report, walEmptied: await truncateWal(db) };
}

async function deletedRows(query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

/** Deletes the person, their actions and deliveries, their consent events, links and queued or logged mail. */
async function erasePersonByHash(trx: Transaction<Database>, emailHash: string, report: ErasureReport): Promise<void> {
  const person = await trx.selectFrom('people').select('id').where('email_hash', '=', emailHash).executeTakeFirst();
  if (person) {
    const actionIds = trx.selectFrom('actions').select('id').where('person_id', '=', person.id);
    report.outbox += await deletedRows(trx.deleteFrom('outbox').where('action_id', 'in', actionIds));
    report.actions = await deletedRows(trx.deleteFrom('actions').where('person_id', '=', person.id));
    report.people = await deletedRows(trx.deleteFrom('people').where('id', '=', person.id));
  }
  report.consentEvents = await deletedRows(trx.deleteFrom('consent_events').where('subject_hash', '=', emailHash));
  report.confirmations = await deletedRows(trx.deleteFrom('confirmations').where('email_hash', '=', emailHash));
  report.mail = await deletedRows(trx.deleteFrom('mail_queue').where('recipient_hash', '=', emailHash));
  await trx.deleteFrom('mail_log').where('recipient_hash', '=', emailHash).execute();
}

/**
 * The clipped contacts an erasure names: those matching the contact criteria,
 * and those whose note mentions the erased email. Contact data is JSON, which
 * SQLite and PostgreSQL query differently, so they are read page by page and
 * matched here; organizers clip contacts one at a time, so there are few.
 */
async function contactsNamed(trx: Transaction<Database>, request: ErasureRequest): Promise<{ id: string; data: Contact }[]> {
  const named: { id: string; data: Contact }[] = [];
  let after = '';
  for (;;) {
    const page = await trx
      .selectFrom('actions')
      .select(['id', 'data'])
      .where('kind', '=', 'contact')
      .where('id', '>', after)
      .orderBy('id')
      .limit(CONTACT_PAGE)
      .execute();
    for (const row of page) {
      const data = JSON.parse(row.data) as Contact;
      const byCriteria = request.contact !== undefined && contactMatches(data, request.contact);
      const byNote = request.email !== undefined && noteMentions(data, request.email);
      if (byCriteria || byNote) named.push({ id: row.id, data });
    }
    if (page.length < CONTACT_PAGE) return named;
    after = page[page.length - 1]!.id;
  }
}

/**
 * Corrects a person's record (GDPR art. 16): the fields given replace the
 * stored ones, `clear` empties others. An admin is a confirmed channel, so the
 * record counts as confirmed from now. Undefined when no record has this email.
 */
export async function updatePerson(
  db: Kysely<Database>,
  hashKey: HashKey,
  email: string,
  fields: Partial<PersonColumns>,
  clear: readonly (keyof PersonColumns)[],
  now: Date,
): Promise<PersonRow | undefined> {
  const emailHash = hashKey.emailHash(email);
  const at = now.toISOString();
  const cleared = Object.fromEntries(clear.map((column) => [column, null]));
  const result = await db
    .updateTable('people')
    .set({ ...fields, ...cleared, updated_at: at, confirmed_at: at })
    .where('email_hash', '=', emailHash)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return db.selectFrom('people').selectAll().where('email_hash', '=', emailHash).executeTakeFirstOrThrow();
}

/** Records a withdrawal of every purpose in the consent log (the suppression list holds the opt-out). */
export async function recordWithdrawal(
  db: Kysely<Database> | Transaction<Database>,
  emailHash: string,
  channel: 'admin' | 'unsubscribe',
  now: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .insertInto('consent_events')
    .values({ ...adminConsentEvent('withdrawal', emailHash, now, expiresAt), channel })
    .execute();
}

/**
 * A consent-log entry an admin action writes: it names no purpose or text,
 * only that the person's consent ended (withdrawal) or that they were erased
 * (the keyed-hash tombstone that proves the erasure).
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
    confirmation: null,
  };
}
