/** Field mode's defaults and bounds: what an admin may set on a list, and what it gets otherwise. */

export const FIELD_LIMITS = {
  /** People in one slice: 25 by default, never more than 50. */
  sliceSize: { fallback: 25, min: 1, max: 50 },
  /** How long a slice stays reserved for its volunteer before its people go back to the pool. */
  reservationMinutes: { fallback: 120, min: 10, max: 24 * 60 },
  /** A person reached is not handed out again for this many days. */
  cooldownDays: { fallback: 30, min: 0, max: 365 },
  /** Reveals per volunteer per rolling hour. */
  revealsPerHour: { fallback: 60, min: 1, max: 120 },
  /** Over any 10 minutes, at least this many seconds per reveal on average. */
  revealMinAverageSeconds: { fallback: 20, min: 0, max: 600 },
  /** How long a volunteer invitation (and the token it becomes) lasts. */
  invitationDays: { fallback: 7, min: 1, max: 30 },
} as const;

/** The window over which the average reveal pace is measured. */
export const PACE_WINDOW_MS = 10 * 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** `available_at` of a member never handed out again (ISO strings sort after every real instant). */
export const NEVER = '9999-12-31T23:59:59.999Z';
