/** What admins follow: a list's progress, its volunteers' pace and flags, and the reveal audit log. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function listProgress(db: Kysely<Database>, list: { id: string; size: number }) {
  const rows = await db
    .selectFrom('field_members')
    .select(['state', 'outcome', 'support_level', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('list_id', '=', list.id)
    .where('state', '!=', 'pool')
    .groupBy(['state', 'outcome', 'support_level'])
    .execute();
  const outcomes: Record<string, number> = {};
  const supportLevels: Record<string, number> = {};
  let reached = 0;
  for (const row of rows) {
    const count = Number(row.count);
    reached += count;
    if (row.outcome) outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + count;
    if (row.support_level !== null) supportLevels[String(row.support_level)] = (supportLevels[String(row.support_level)] ?? 0) + count;
  }
  return { size: list.size, reached, remaining: Math.max(0, list.size - reached), outcomes, supportLevels };
}

export async function listVolunteers(db: Kysely<Database>, listId: string, now: Date, hourAgo: Date) {
  const volunteers = await db.selectFrom('field_volunteers').selectAll().where('list_id', '=', listId).orderBy('created_at').execute();
  const at = now.toISOString();
  return Promise.all(
    volunteers.map(async (v) => {
      const reveals = v.token_id
        ? await db
            .selectFrom('field_reveals')
            .select([(eb) => eb.fn.countAll<number | string>().as('total'), (eb) => eb.fn.max('revealed_at').as('last')])
            .where('token_id', '=', v.token_id)
            .executeTakeFirstOrThrow()
        : { total: 0, last: null };
      const lastHour = v.token_id
        ? await db
            .selectFrom('field_reveals')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .where('token_id', '=', v.token_id)
            .where('revealed_at', '>', hourAgo.toISOString())
            .executeTakeFirstOrThrow()
        : { count: 0 };
      const results = v.token_id
        ? await db
            .selectFrom('field_members')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .where('token_id', '=', v.token_id)
            .where('state', '!=', 'pool')
            .executeTakeFirstOrThrow()
        : { count: 0 };
      const status = v.revoked_at
        ? 'revoked'
        : v.accepted_at
          ? v.expires_at <= at
            ? 'expired'
            : 'active'
          : v.invitation_expires_at <= at
            ? 'expired'
            : 'invited';
      return {
        id: v.id,
        name: v.name,
        status,
        createdAt: v.created_at,
        expiresAt: v.expires_at,
        revealsTotal: Number(reveals.total),
        revealsLastHour: Number(lastHour.count),
        lastRevealAt: reveals.last ?? null,
        results: Number(results.count),
        flags: v.flags,
        flaggedAt: v.flagged_at,
      };
    }),
  );
}

/** The latest reveals of a list: who saw which slice member, when (never the number itself). */
export async function revealLog(db: Kysely<Database>, listId: string, limit: number) {
  const rows = await db
    .selectFrom('field_reveals')
    .leftJoin('field_volunteers', 'field_volunteers.token_id', 'field_reveals.token_id')
    .leftJoin('field_members', 'field_members.id', 'field_reveals.member_id')
    .leftJoin('people', 'people.id', 'field_members.person_id')
    .select([
      'field_reveals.revealed_at',
      'field_reveals.member_id',
      'field_reveals.slice_id',
      'field_volunteers.id as volunteer_id',
      'field_volunteers.name',
      'people.given_name',
    ])
    .where('field_reveals.list_id', '=', listId)
    .orderBy('field_reveals.revealed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    at: row.revealed_at,
    volunteerId: row.volunteer_id,
    volunteer: row.name,
    ref: row.member_id,
    slice: row.slice_id,
    givenName: row.given_name,
  }));
}
