/**
 * Turns one validated action into the rows it is stored as: the person (a
 * new record, or only a later expiry for an existing one: a submission never
 * changes a record), the action, one consent event per purpose (granted, or
 * only requested while the action waits for confirmation), a pending outbox
 * delivery (when a CRM is configured and nothing waits for confirmation),
 * and the confirmation link and its queued message. The `bot` member is never
 * among them.
 */
import type { ActionData, ActionKind, ConsentGrant, Person, Source } from '@tract/sdk/schema';
import type { Insertable } from 'kysely';
import { personColumns } from '../confirmation/person-fields.js';
import { newConfirmationToken } from '../confirmation/tokens.js';
import type { RowBuffer } from '../db/row-buffer.js';
import type { ActionStatus, ConfirmationPurpose, DeliveryEvent, OutboxTable } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';

export interface StoredAction<K extends ActionKind = ActionKind> {
  id: string;
  kind: K;
  data: ActionData[K];
  status: ActionStatus;
  targetId: string | null;
  origin: string | null;
  /** The keyed hash of the action's person's email (null for contacts). */
  emailHash: string | null;
  /** `pending` while the action waits for its person's confirmation by email. */
  confirmation: 'none' | 'pending';
  /** The token that posted it, on token routes. */
  tokenId?: string;
  expiresAt: Date;
  amountMinor?: number;
  period?: string;
  seats?: number;
  /** A message asking the person to confirm this action, or the details it submitted. */
  confirmationMail?: { purpose: ConfirmationPurpose; locale: string; linkExpiresAt: Date };
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
  const emailHash = action.emailHash;
  const pending = action.confirmation === 'pending';
  if (person && emailHash) {
    rows.addPerson({
      id: timeOrderedId(now.getTime()),
      email: person.email,
      email_hash: emailHash,
      ...personColumns(person),
      created_at: at,
      updated_at: at,
      confirmed_at: null,
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
    source: sourceLabel(action.data),
    confirmation: action.confirmation,
    confirmed_at: null,
    created_at: at,
    expires_at: expiresAt,
  });
  // An action waiting for its person's confirmation is counted once confirmed (`confirm.ts`).
  if (!pending)
    rows.countAction(countKey(action.kind, action.targetId, action.status, action.data, at), counted(action.amountMinor, action.seats));
  const consent: ConsentGrant[] = 'consent' in action.data ? action.data.consent : [];
  if (emailHash && consent.length > 0) {
    const source: Source | undefined = 'source' in action.data ? action.data.source : undefined;
    rows.addConsentEvents(
      consent.map((grant) => ({
        id: timeOrderedId(now.getTime()),
        subject_hash: emailHash,
        kind: pending ? ('request' as const) : ('grant' as const),
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
        confirmation: null,
      })),
    );
  }
  if (backend !== 'local' && !pending) {
    rows.addOutbox(pendingDelivery(action.id, backend, now));
  }
  if (person && emailHash && action.confirmationMail) {
    const { purpose, locale, linkExpiresAt } = action.confirmationMail;
    const { token, tokenHash } = newConfirmationToken();
    const confirmationId = timeOrderedId(now.getTime());
    rows.addConfirmation({
      id: confirmationId,
      token_hash: tokenHash,
      purpose,
      action_id: action.id,
      email_hash: emailHash,
      created_at: at,
      expires_at: linkExpiresAt.toISOString(),
      confirmed_at: null,
    });
    rows.addMail({
      id: timeOrderedId(now.getTime()),
      confirmation_id: confirmationId,
      recipient: person.email,
      recipient_hash: emailHash,
      locale,
      token,
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      expires_at: linkExpiresAt.toISOString(),
    });
  }
}

/** Where an action came from, in one word the console filters and charts by: utm_source, else refcode, else the referrer's host. */
export function sourceLabel(data: ActionData[ActionKind]): string | null {
  const source: Source | undefined = 'source' in data ? data.source : undefined;
  return source?.utmSource ?? source?.refcode ?? source?.referrerHost ?? null;
}

/**
 * The counter an action adds to: its hour (`2026-12-06T19`), kind, form
 * (the petition id, `rsvp/<event>/<status>`, `donation/<currency>/<recurrence>`,
 * else the kind) and source.
 */
export function countKey(kind: string, targetId: string | null, status: string, data: ActionData[ActionKind], at: string) {
  let form = targetId ?? kind;
  if ('currency' in data && 'recurrence' in data) form = `${kind}/${data.currency}/${data.recurrence}`;
  else if (kind === 'rsvp') form = `${kind}/${targetId}/${status}`;
  return { bucket: at.slice(0, 13), kind, form, source: sourceLabel(data) ?? '' };
}

/** What a counter adds besides the action: a donation's amount (minor units) or an RSVP's seats. */
export function counted(amountMinor: number | null | undefined, seats: number | null | undefined): number {
  return amountMinor ?? seats ?? 0;
}

/** A delivery of `actionId` (or of `event`, a payment of its pledge) to `backend`, due now: the row the outbox worker claims. */
export function pendingDelivery(actionId: string, backend: string, now: Date, event: DeliveryEvent | null = null): Insertable<OutboxTable> {
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
    event,
  };
}
