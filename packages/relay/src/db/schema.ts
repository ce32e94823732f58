/**
 * The relay's tables as Kysely sees them. Every column is a portable type
 * (text, integer): timestamps are ISO 8601 UTC strings, which sort the same as
 * the instants they name, so the same queries run on SQLite and PostgreSQL.
 * `README.md` beside this file explains each table; the outbox columns are the
 * contract with the forwarding worker (`src/forwarding/`).
 */
import type { Generated, Selectable } from 'kysely';
import type { FieldTables } from '../field/tables.js';

/**
 * A supporter's record, keyed by email (the match key of every public action).
 * A public submission creates it when none exists and never changes it: only
 * the person (confirming by email) or an admin does. What each action
 * submitted stays in that action's `data`.
 */
export interface PeopleTable {
  id: string;
  email: string;
  /** Keyed hash of the email (`HashKey.emailHash`): what survives in tombstones and the suppression list. */
  email_hash: string;
  given_name: string | null;
  family_name: string | null;
  phone: string | null;
  /** Street address lines as a JSON array of strings. */
  address_lines: string | null;
  locality: string | null;
  postal_code: string | null;
  country: string | null;
  language: string | null;
  created_at: string;
  updated_at: string;
  /** When the person (by email) or an admin last confirmed these fields; null while only a public submission vouches for them. */
  confirmed_at: string | null;
  expires_at: string;
}

/**
 * What a consent event records. A `request` is a grant waiting for the
 * person's confirmation by email: only the `grant` written on confirmation
 * counts as consent.
 */
export type ConsentEventKind = 'request' | 'grant' | 'withdrawal' | 'erasure';

/** Append-only proof of consent (GDPR art. 7(1)); an erasure leaves only a hashed tombstone. */
export interface ConsentEventsTable {
  id: string;
  /** Keyed hash of the subject's email, so the proof survives without the address. */
  subject_hash: string;
  kind: ConsentEventKind;
  purpose: string | null;
  text_version: string | null;
  text_hash: string | null;
  text_language: string | null;
  /** The action kind (widget) the consent came with. */
  channel: string | null;
  origin: string | null;
  page_url: string | null;
  action_id: string | null;
  recorded_at: string;
  expires_at: string;
  /** `email` on a grant the person confirmed with the link sent to them; null when the form asks no confirmation. */
  confirmation: 'email' | null;
}

/** `pending`: waiting for payment (pledges) or for the person's confirmation (see `confirmation`). */
export type ActionStatus = 'accepted' | 'waitlisted' | 'pending';

/** Whether an action waits for its person's confirmation by email (double opt-in). */
export type ActionConfirmation = 'none' | 'pending' | 'confirmed';

/** Every accepted action. `id` is the client's Idempotency-Key. */
export interface ActionsTable {
  id: string;
  kind: string;
  person_id: string | null;
  /** Petition or event id for signatures and RSVPs. */
  target_id: string | null;
  status: ActionStatus;
  /** The validated action data as JSON (without the `bot` member, which is never stored). */
  data: string;
  /** Donations: amount in minor units, and the compliance period it counts against. */
  amount_minor: number | null;
  period: string | null;
  /** RSVPs: seats taken (1 + guests) when attending. */
  seats: number | null;
  origin: string | null;
  /** The token that posted it (contacts, field results); null for public forms. */
  token_id: string | null;
  /** Where it came from (`sourceLabel`: utm_source, else refcode, else referrer host); null when unknown. */
  source: string | null;
  /**
   * `pending` until the person confirms by email: not counted, not forwarded,
   * its consent only requested, and it expires within days unless confirmed.
   */
  confirmation: Generated<ActionConfirmation>;
  confirmed_at: string | null;
  created_at: string;
  expires_at: string;
}

/** The first answer to each Idempotency-Key, replayed to retries. Holds no personal data. */
export interface IdempotencyRecordsTable {
  key: string;
  /** SHA-256 of the canonical request body (without `bot`) and the route. */
  request_hash: string;
  status_code: number;
  response_body: string;
  created_at: string;
  expires_at: string;
}

export type OutboxStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'dead';

/**
 * One delivery of one action to the configured backend. Written in the same
 * transaction as the action; driven by the forwarding worker afterwards.
 */
export interface OutboxTable {
  id: string;
  action_id: string;
  /** The backend `type` from the config (`webhook`, `actionnetwork`, `nationbuilder`). */
  backend: string;
  status: OutboxStatus;
  attempts: number;
  /** When the worker may try next (ISO UTC). */
  next_attempt_at: string;
  /** The last failure, as a status or error code: never personal data. */
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  /** What the delivery forwards: null for the action itself, or a payment event of its pledge. */
  event: DeliveryEvent | null;
}

/** Payment events forwarded as their own kinds (see `src/payments/`). */
export type DeliveryEvent = 'donation.paid' | 'donation.refunded';

/** Opt-outs, by keyed email hash so a suppression survives an erasure. Checked before any forward, send or export. */
export interface SuppressionTable {
  email_hash: string;
  reason: string;
  created_at: string;
}

/**
 * What a confirmation link confirms: an action waiting for double opt-in, or
 * the person fields an action submitted that differ from the stored record.
 */
export type ConfirmationPurpose = 'action' | 'details';

/** Single-use confirmation links. Only the SHA-256 of the token is stored. */
export interface ConfirmationsTable {
  id: string;
  token_hash: string;
  purpose: ConfirmationPurpose;
  action_id: string;
  /** Keyed hash of the email the link was sent to. */
  email_hash: string;
  created_at: string;
  /** The link works until then (at most 48 hours after the submission). */
  expires_at: string;
  /** Set once used: a second use confirms nothing more. */
  confirmed_at: string | null;
}

/**
 * Messages to send, written in the same transaction as the action they are
 * about and deleted once sent (or given up): the only place a token is kept
 * in clear, for as long as it takes to mail it.
 */
export interface MailQueueTable {
  id: string;
  confirmation_id: string;
  recipient: string;
  /** Keyed hash of `recipient`: the throttle, the suppression list and erasure match on it. */
  recipient_hash: string;
  /** `fr` or `en`. */
  locale: string;
  token: string;
  attempts: number;
  /** When the mail worker may try next; while it sends, the end of its lease. */
  next_attempt_at: string;
  /** The last failure as an SMTP code or error code, never personal data. */
  last_error: string | null;
  created_at: string;
  /** Sending after the link expired would be pointless: the row goes then. */
  expires_at: string;
}

/** One row per message sent, kept a day: the per-recipient throttle counts them. */
export interface MailLogTable {
  id: string;
  recipient_hash: string;
  sent_at: string;
  expires_at: string;
}

/** Proof-of-work challenges already used, remembered until they expire. */
export interface SpentChallengesTable {
  signature: string;
  expires_at: string;
}

/**
 * Who a token speaks for: an `admin` sees and does everything; an `organizer`
 * logs contacts and sees its own; a `volunteer` works one field list (`scope`).
 */
export type TokenRole = 'organizer' | 'admin' | 'volunteer';

/** Bearer tokens, stored as SHA-256 only. */
export interface TokensTable {
  id: string;
  token_hash: string;
  role: TokenRole;
  name: string;
  created_at: string;
  /** After this instant the token opens nothing (null: until revoked). */
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
  /** What a scoped token may touch, e.g. the field list a volunteer token works (null: its whole role). */
  scope: string | null;
  /** The token that created this one (null when created from the command line). */
  created_by: string | null;
}

/**
 * Where a pledge's money stands. `pending`: waiting for the checkout;
 * `pending_review`: the donor's total would pass the cap, so the treasurer
 * checks it before it counts as a gift (no public answer says so); `paid`;
 * `failed` (the payment failed); `abandoned` (the checkout expired);
 * `refunded`; `ended` (a monthly gift that stopped after paying).
 */
export type PledgeStatus = 'pending' | 'pending_review' | 'paid' | 'failed' | 'abandoned' | 'refunded' | 'ended';

export type PaymentProviderName = 'redirect' | 'stripe' | 'helloasso';

/**
 * A donation's payment state, one row per pledge (`id` = the action's id).
 * The dated facts the provider reported (`completed_at`, `failed_at`,
 * `abandoned_at`, `ended_at`) and the payments decide `status`, so events
 * processed in any order end in the same state.
 */
export interface PledgesTable {
  id: string;
  /** Unguessable id the donor's browser asks the public status with (never the action id). */
  public_id: string;
  email_hash: string;
  period: string;
  provider: PaymentProviderName;
  status: PledgeStatus;
  amount_minor: number;
  currency: string;
  recurrence: string;
  /** Payments the gift takes within its period: 1 for a one-off gift, the months left for a monthly one. */
  instalments: number;
  /** Why the treasurer must look at it (`over_cap`), or null. */
  review: string | null;
  /** The provider's checkout: Stripe Checkout Session id, HelloAsso checkout intent id. */
  checkout_ref: string | null;
  /** Stripe PaymentIntent id, HelloAsso order id. */
  payment_ref: string | null;
  subscription_ref: string | null;
  customer_ref: string | null;
  /** Until when an unpaid pledge counts against the cap (null: until the period ends, as `redirect` never learns). */
  checkout_expires_at: string | null;
  completed_at: string | null;
  failed_at: string | null;
  abandoned_at: string | null;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

/** Money the provider confirmed for a pledge: `id` is the provider's own (payment, invoice or refund). */
export interface PledgePaymentsTable {
  id: string;
  pledge_id: string;
  kind: 'payment' | 'refund';
  amount_minor: number;
  at: string;
  expires_at: string;
}

/** Provider events already processed, by `provider:event id`: a retried or replayed event changes nothing. */
export interface PaymentEventsTable {
  id: string;
  provider: PaymentProviderName;
  type: string;
  pledge_id: string;
  received_at: string;
  /** The signature timestamp of the delivery applied (Stripe's `t=`): the same again is a replayed capture, not a retry. */
  signed_at: string | null;
  expires_at: string;
}

/**
 * Actions received per hour (`2026-12-06T19`), kind, form (the petition or
 * id; `rsvp/<event id>/<accepted or waitlisted>` for RSVPs, `donation/EUR/monthly`
 * for donations; else the kind) and source (`''` when unknown): the console's
 * charts and totals read these instead of the actions. Updated in the
 * transaction that stores (or confirms) the action; no person in them.
 */
export interface ActionCountsTable {
  bucket: string;
  kind: string;
  form: string;
  source: string;
  actions: number;
  /** Donations: the sum of their amounts, in minor units; RSVPs: the seats they take; 0 for other kinds. */
  amount: number;
}

/**
 * Append-only log of every read of personal data and every change an admin
 * makes (exports, erasures, suppressions, tokens, retries): who (token id
 * and name, role), what (`event`, `target`), how many records, when.
 */
export interface AuditLogTable {
  id: string;
  at: string;
  token_id: string | null;
  token_name: string | null;
  role: string | null;
  event: string;
  /** What was read or changed: a route, a person's id, a token's id; never an email. */
  target: string | null;
  records: number;
  /** JSON: the filter of a list or an export, the counts of an erasure. */
  detail: string | null;
}

/** When retention purges ran and what each deleted (counts). */
export interface PurgeRunsTable {
  id: string;
  ran_at: string;
  report: string;
}

/**
 * Hits per counter key and fixed window, shared by every relay on the
 * database (see `rate-counters.ts`). `key` is a keyed hash of the counter's
 * name and key (a client's address never appears in clear).
 */
export interface RateCountersTable {
  key: string;
  /** The window's first instant (ISO UTC). */
  window_start: string;
  count: number;
  /** Two windows after `window_start`: the window after it still reads it. */
  expires_at: string;
}

/** Applied migrations. */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database extends FieldTables {
  people: PeopleTable;
  consent_events: ConsentEventsTable;
  actions: ActionsTable;
  idempotency_records: IdempotencyRecordsTable;
  outbox: OutboxTable;
  suppression: SuppressionTable;
  spent_challenges: SpentChallengesTable;
  tokens: TokensTable;
  confirmations: ConfirmationsTable;
  mail_queue: MailQueueTable;
  mail_log: MailLogTable;
  pledges: PledgesTable;
  pledge_payments: PledgePaymentsTable;
  payment_events: PaymentEventsTable;
  rate_counters: RateCountersTable;
  relay_migrations: MigrationsTable;
  action_counts: ActionCountsTable;
  audit_log: AuditLogTable;
  purge_runs: PurgeRunsTable;
}

export type OutboxRow = Selectable<OutboxTable>;
export type PersonRow = Selectable<PeopleTable>;
export type MailQueueRow = Selectable<MailQueueTable>;
export type PledgeRow = Selectable<PledgesTable>;
