/**
 * The relay's tables as Kysely sees them. Every column is a portable type
 * (text, integer): timestamps are ISO 8601 UTC strings, which sort the same as
 * the instants they name, so the same queries run on SQLite and PostgreSQL.
 * `README.md` beside this file explains each table; the outbox columns are the
 * contract with the forwarding worker (`src/forwarding/`).
 */
import type { Selectable } from 'kysely';

/** A supporter, keyed by email (the match key of every public action). */
export interface PeopleTable {
  id: string;
  email: string;
  /** SHA-256 of the email: what survives in tombstones and the suppression list. */
  email_hash: string;
  given_name: string | null;
  family_name: string | null;
  phone: string | null;
  postal_code: string | null;
  country: string | null;
  language: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

/** What a consent event records. */
export type ConsentEventKind = 'grant' | 'withdrawal' | 'erasure';

/** Append-only proof of consent (GDPR art. 7(1)); an erasure leaves only a hashed tombstone. */
export interface ConsentEventsTable {
  id: string;
  /** SHA-256 of the subject's email, so the proof survives without the address. */
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
}

export type ActionStatus = 'accepted' | 'waitlisted' | 'pending';

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
}

/** Opt-outs, by email hash so a suppression survives an erasure. Checked before any forward or export. */
export interface SuppressionTable {
  email_hash: string;
  reason: string;
  created_at: string;
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

/** Applied migrations. */
export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  people: PeopleTable;
  consent_events: ConsentEventsTable;
  actions: ActionsTable;
  idempotency_records: IdempotencyRecordsTable;
  outbox: OutboxTable;
  suppression: SuppressionTable;
  spent_challenges: SpentChallengesTable;
  tokens: TokensTable;
  relay_migrations: MigrationsTable;
}

export type OutboxRow = Selectable<OutboxTable>;
