/**
 * What a confirmation link does, once its page's button is pressed, in one
 * transaction: an action waiting for double opt-in counts from now (its
 * requested consent is granted in the log, its CRM delivery is queued, an
 * RSVP takes its seat or joins the waiting list), and the person's record
 * takes the details that action submitted, which the person has just vouched
 * for by opening their mail. A link works once; pressing again only says so.
 */
import type { ActionData, ActionKind, ConsentGrant, Person, Rsvp, Source } from '@tract/sdk/schema';
import type { Kysely, Transaction } from 'kysely';
import { expiryOf } from '../actions/expiry.js';
import { counted, countKey, pendingDelivery } from '../actions/rows.js';
import { rsvpStatus } from '../actions/rsvps.js';
import type { RelayConfig } from '../config/schema.js';
import { addCounts } from '../db/row-buffer.js';
import type { ActionStatus, Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { confirmedColumns } from './person-fields.js';
import { subjectOf } from './subject.js';
import type { Subject } from './texts.js';

export type LinkState =
  | { state: 'invalid' }
  | { state: 'already'; subject: Subject }
  | { state: 'ready'; subject: Subject }
  | { state: 'confirmed'; subject: Subject; waitlisted: boolean };

/** What a link would do, without doing it (the page a GET shows: mail scanners fetch links too). */
export async function inspectLink(
  db: Kysely<Database>,
  config: RelayConfig,
  tokenHash: string | undefined,
  now: Date,
): Promise<Exclude<LinkState, { state: 'confirmed' }>> {
  if (!tokenHash) return { state: 'invalid' };
  const found = await db
    .selectFrom('confirmations')
    .innerJoin('actions', 'actions.id', 'confirmations.action_id')
    .select(['confirmations.purpose', 'confirmations.expires_at', 'confirmations.confirmed_at', 'actions.kind', 'actions.target_id'])
    .where('confirmations.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!found || found.expires_at <= now.toISOString()) return { state: 'invalid' };
  const subject = subjectOf(config, found.purpose, found.kind, found.target_id);
  return { state: found.confirmed_at === null ? 'ready' : 'already', subject };
}

/** Confirms what the link stands for. Idempotent: a second press answers `already`. */
export async function confirmLink(
  db: Kysely<Database>,
  config: RelayConfig,
  tokenHash: string | undefined,
  now: Date,
): Promise<Exclude<LinkState, { state: 'ready' }>> {
  if (!tokenHash) return { state: 'invalid' };
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const confirmation = await trx.selectFrom('confirmations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!confirmation || confirmation.expires_at <= at) return { state: 'invalid' as const };
    const action = await trx.selectFrom('actions').selectAll().where('id', '=', confirmation.action_id).executeTakeFirst();
    if (!action) return { state: 'invalid' as const };
    const subject = subjectOf(config, confirmation.purpose, action.kind, action.target_id);
    // Compare-and-set: of two presses at once, one confirms and the other finds it done.
    const claimed = await trx
      .updateTable('confirmations')
      .set({ confirmed_at: at })
      .where('id', '=', confirmation.id)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { state: 'already' as const, subject };

    const kind = action.kind as ActionKind;
    const data = JSON.parse(action.data) as ActionData[ActionKind];
    let expiresAt: string | undefined;
    let status: ActionStatus = action.status;
    if (confirmation.purpose === 'action' && action.confirmation === 'pending') {
      expiresAt = expiryOf(config, kind, data, new Date(action.created_at)).toISOString();
      status = await confirmedStatus(trx, config, kind, action.target_id, data);
      await trx
        .updateTable('actions')
        .set({ status, confirmation: 'confirmed', confirmed_at: at, expires_at: expiresAt })
        .where('id', '=', action.id)
        .execute();
      await grantRequestedConsent(trx, action.id, confirmation.email_hash, kind, data, action.origin, now, expiresAt);
      // Counted from now in the console's charts, in the hour it was received.
      await addCounts(trx, [
        {
          ...countKey(kind, action.target_id, status, data, action.created_at),
          actions: 1,
          amount: counted(action.amount_minor, action.seats),
        },
      ]).execute();
      if (config.backend.type !== 'local')
        await trx
          .insertInto('outbox')
          .values(pendingDelivery(action.id, config.backend.type, now))
          .execute();
    }
    const person = 'person' in data ? (data.person as Person) : undefined;
    if (person) await recordConfirmedDetails(trx, confirmation.email_hash, person, now, expiresAt);
    return { state: 'confirmed' as const, subject, waitlisted: status === 'waitlisted' };
  });
}

/** The status a confirmed action takes: pledges still wait for payment, RSVPs take a seat if one is left. */
async function confirmedStatus(
  trx: Transaction<Database>,
  config: RelayConfig,
  kind: ActionKind,
  targetId: string | null,
  data: ActionData[ActionKind],
): Promise<ActionStatus> {
  if (kind === 'donation') return 'pending';
  const event = kind === 'rsvp' ? config.events.find((e) => e.id === targetId) : undefined;
  return event ? rsvpStatus(trx, event, data as Rsvp) : 'accepted';
}

/** Appends a grant, confirmed by email, for every purpose the action requested. */
async function grantRequestedConsent(
  trx: Transaction<Database>,
  actionId: string,
  emailHash: string,
  kind: ActionKind,
  data: ActionData[ActionKind],
  origin: string | null,
  now: Date,
  expiresAt: string,
): Promise<void> {
  const consent: ConsentGrant[] = 'consent' in data ? data.consent : [];
  if (consent.length === 0) return;
  const source: Source | undefined = 'source' in data ? data.source : undefined;
  await trx
    .insertInto('consent_events')
    .values(
      consent.map((grant) => ({
        id: timeOrderedId(now.getTime()),
        subject_hash: emailHash,
        kind: 'grant' as const,
        purpose: grant.purpose,
        text_version: grant.textVersion,
        text_hash: grant.textHash,
        text_language: grant.language,
        channel: kind,
        origin,
        page_url: source?.pageUrl ?? null,
        action_id: actionId,
        recorded_at: now.toISOString(),
        expires_at: expiresAt,
        confirmation: 'email' as const,
      })),
    )
    .execute();
}

/** The record takes every field the person confirmed; it is kept at least as long as the action now is. */
async function recordConfirmedDetails(
  trx: Transaction<Database>,
  emailHash: string,
  person: Person,
  now: Date,
  keepUntil: string | undefined,
): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('people')
    .set((eb) => ({
      ...confirmedColumns(person),
      email: person.email,
      updated_at: at,
      confirmed_at: at,
      ...(keepUntil ? { expires_at: eb.case().when('expires_at', '<', keepUntil).then(keepUntil).else(eb.ref('expires_at')).end() } : {}),
    }))
    .where('email_hash', '=', emailHash)
    .execute();
}
