/** Field mode's tables as Kysely sees them (migration 006; `docs/field-mode.md` explains them). */

export type FieldListKind = 'call' | 'door';

/** A call or door list: the filter it was built from, what volunteers read, and its limits. */
export interface FieldListsTable {
  id: string;
  kind: FieldListKind;
  name: string;
  /** The filter, as JSON (`ListFilter`). */
  filter: string;
  /** The script volunteers read, as JSON `{ fr, en }`. */
  script: string;
  /** Which survey questions volunteers ask, as JSON (`ListQuestions`). */
  questions: string;
  slice_size: number;
  reservation_minutes: number;
  /** A person reached is not handed out again (on any list) for this many days. */
  cooldown_days: number;
  reveals_per_hour: number;
  /** Over any 10 minutes, reveals come no faster than one per this many seconds on average. */
  reveal_min_average_seconds: number;
  /** How many people the list held when it was built. */
  size: number;
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

/** `pool`: waiting or handed out; `done`: reached (back after the cool-down); `removed`: never again. */
export type FieldMemberState = 'pool' | 'done' | 'removed';

/**
 * One person on one list (the snapshot taken when the list was built). `id` is
 * the `ref` a volunteer sees; `available_at` orders the pool: a member can be
 * handed out once it has passed (a slice's reservation, a cool-down, or never).
 */
export interface FieldMembersTable {
  id: string;
  list_id: string;
  person_id: string;
  position: number;
  state: FieldMemberState;
  available_at: string;
  /** The slice that last took this member, and its volunteer's token. */
  slice_id: string | null;
  token_id: string | null;
  revealed_at: string | null;
  outcome: string | null;
  support_level: number | null;
  done_at: string | null;
}

/** A volunteer: a single-use invitation, then the token it became (scoped to one list). */
export interface FieldVolunteersTable {
  id: string;
  list_id: string;
  name: string;
  /** SHA-256 of the invitation secret (the link holds the only copy). */
  invitation_hash: string;
  invitation_expires_at: string;
  accepted_at: string | null;
  token_id: string | null;
  revoked_at: string | null;
  /** Last time the reveal pace was exceeded, and how many times. */
  flagged_at: string | null;
  flags: number;
  created_by: string | null;
  created_at: string;
  /** The volunteer's token ends then too. */
  expires_at: string;
}

/** The members one volunteer holds until `reserved_until`. At most one open (`closed_at` null) per token. */
export interface FieldSlicesTable {
  id: string;
  list_id: string;
  token_id: string;
  created_at: string;
  reserved_until: string;
  closed_at: string | null;
  expires_at: string;
}

/** The audit log of reveals: who saw whose number or address, when. One per member and slice. */
export interface FieldRevealsTable {
  id: string;
  list_id: string;
  slice_id: string;
  member_id: string;
  token_id: string;
  revealed_at: string;
  expires_at: string;
}

/** When each person was last reached on any list: the cool-down. */
export interface FieldCallsTable {
  person_id: string;
  called_at: string;
  expires_at: string;
}

export interface FieldTables {
  field_lists: FieldListsTable;
  field_members: FieldMembersTable;
  field_volunteers: FieldVolunteersTable;
  field_slices: FieldSlicesTable;
  field_reveals: FieldRevealsTable;
  field_calls: FieldCallsTable;
}
