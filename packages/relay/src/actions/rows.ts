/**
 * Turns one validated action into the rows it is stored as: the person, the
 * action, one consent event per granted purpose, and (when a CRM is
 * configured) one pending outbox delivery. The `bot` member is never among them.
 */
import type { ActionData, ActionKind, ConsentGrant, Person, Source } from '@tract/sdk/schema';
import type { Insertable } from 'kysely';
import { hashEmail } from '../db/hash.js';
import type { RowBuffer } from '../db/row-buffer.js';
import type { ActionStatus, OutboxTable } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';

export interface StoredAction<K extends ActionKind = ActionKind> {
  id: string;
  kind: K;
  data: ActionData[K];
  status: ActionStatus;
  targetId: string | null;
  origin: string | null;
  /** The token that posted it, on token routes. */
  tokenId?: string;
  expiresAt: Date;
  amountMinor?: number;
  period?: string;
  seats?: number;
}

/** The person of any action that has one (every kind but contacts). */
export function personOf(data: ActionData[ActionKind]): Person | undefined {
  return 'person' in data ? data.person : undefined;
}

/** Buffers every row of `action`; `backend` is the configured backend type. */
export function bufferAction(rows: RowBuffer, action: StoredAction, backend: string, now: Date): void {
  const at = now.toISOString();
  const expiresAt = action.expiresAt.toISOString();
  const person = personOf(action.data);
  const emailHash = person ? hashEmail(person.email) : null;
  if (person && emailHash) {
    rows.addPerson({
      id: timeOrderedId(now.getTime()),
      email: person.email,
      email_hash: emailHash,
      given_name: person.givenName ?? null,
      family_name: person.familyName ?? null,
      phone: person.phone ?? null,
      postal_code: person.postalCode ?? null,
      country: person.country ?? null,
      language: person.language ?? null,
      created_at: at,
      updated_at: at,
      expires_at: expiresAt,
    });
  }
  rows.addAction({
    id: action.id,
    kind: action.kind,
    person_email_hash: emailHash,
    target_id: action.targetId,
    status: action.status,
    data: JSON.stringify(action.data),
    amount_minor: action.amountMinor ?? null,
    period: action.period ?? null,
    seats: action.seats ?? null,
    origin: action.origin,
    token_id: action.tokenId ?? null,
    created_at: at,
    expires_at: expiresAt,
  });
  const consent: ConsentGrant[] = 'consent' in action.data ? action.data.consent : [];
  if (emailHash && consent.length > 0) {
    const source: Source | undefined = 'source' in action.data ? action.data.source : undefined;
    rows.addConsentEvents(
      consent.map((grant) => ({
        id: timeOrderedId(now.getTime()),
        subject_hash: emailHash,
        kind: 'grant' as const,
        purpose: grant.purpose,
        text_version: grant.textVersion,
        text_hash: grant.textHash,
        text_language: grant.language,
        channel: action.kind,
        origin: action.origin,
        page_url: source?.pageUrl ?? null,
        action_id: action.id,
        recorded_at: at,
        expires_at: expiresAt,
      })),
    );
  }
  if (backend !== 'local') {
    rows.addOutbox(pendingDelivery(action.id, backend, now));
  }
}

/** A delivery of `actionId` to `backend`, due now: the row the outbox worker claims. */
export function pendingDelivery(actionId: string, backend: string, now: Date): Insertable<OutboxTable> {
  const at = now.toISOString();
  return {
    id: timeOrderedId(now.getTime()),
    action_id: actionId,
    backend,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    created_at: at,
    updated_at: at,
    delivered_at: null,
  };
}
