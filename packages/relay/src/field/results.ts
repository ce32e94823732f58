/**
 * What a recorded call or visit changes besides the stored action: the
 * member is done (back in the pool of any list only after the cool-down),
 * "do not call" suppresses the person at once, "wrong number" removes the
 * number from their record and from every list. Each step is idempotent, so
 * a replayed result (the phone's queue retrying) applies it again harmlessly.
 */
import type { FieldResult } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { suppressHash } from '../db/suppression.js';
import { DAY_MS, NEVER } from './limits.js';
import type { InTransaction } from './reveals.js';

/** The member a volunteer may record a result for: one they revealed, in any of their slices (a queue may post late). */
export async function resultTarget(db: Kysely<Database>, tokenId: string, ref: string) {
  return db
    .selectFrom('field_reveals')
    .innerJoin('field_members', 'field_members.id', 'field_reveals.member_id')
    .innerJoin('field_lists', 'field_lists.id', 'field_members.list_id')
    .leftJoin('people', 'people.id', 'field_members.person_id')
    .select([
      'field_members.id',
      'field_members.person_id',
      'field_lists.id as list_id',
      'field_lists.kind',
      'field_lists.cooldown_days',
      'people.email_hash',
    ])
    .where('field_reveals.token_id', '=', tokenId)
    .where('field_reveals.member_id', '=', ref)
    .executeTakeFirst();
}

export type ResultTarget = NonNullable<Awaited<ReturnType<typeof resultTarget>>>;

export async function applyFieldResult(
  run: InTransaction,
  target: ResultTarget,
  result: FieldResult,
  now: Date,
  retentionEnd: Date,
): Promise<void> {
  const at = now.toISOString();
  const removed = result.outcome === 'do_not_call' || result.outcome === 'wrong_number';
  const cooledUntil = new Date(now.getTime() + target.cooldown_days * DAY_MS).toISOString();
  await run(async (trx) => {
    await trx
      .updateTable('field_members')
      .set({
        state: removed ? 'removed' : 'done',
        available_at: removed ? NEVER : cooledUntil,
        outcome: result.outcome,
        support_level: result.supportLevel ?? null,
        done_at: at,
      })
      .where('id', '=', target.id)
      .execute();
    if (result.outcome === 'do_not_call' && target.email_hash) {
      await suppressHash(trx, target.email_hash, 'do_not_call', now);
    }
    if (removed) {
      // Off every list: suppressed people never appear again, and a wrong number on no call list
      // (on a door list, a wrong address takes only this member off).
      let others = trx
        .updateTable('field_members')
        .set({ state: 'removed', available_at: NEVER })
        .where('person_id', '=', target.person_id)
        .where('state', '=', 'pool');
      if (result.outcome === 'wrong_number' && target.kind === 'door') return;
      if (result.outcome === 'wrong_number' && target.kind === 'call') {
        others = others.where('list_id', 'in', (eb) =>
          eb.selectFrom('field_lists').select('field_lists.id').where('field_lists.kind', '=', 'call'),
        );
        await trx.updateTable('people').set({ phone: null, updated_at: at }).where('id', '=', target.person_id).execute();
      }
      await others.execute();
      return;
    }
    // Reached: nobody calls them again (on any list) before the cool-down ends.
    await trx
      .insertInto('field_calls')
      .values({ person_id: target.person_id, called_at: at, expires_at: retentionEnd.toISOString() })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ called_at: at }))
      .execute();
    await trx
      .updateTable('field_members')
      .set({ available_at: cooledUntil })
      .where('person_id', '=', target.person_id)
      .where('id', '!=', target.id)
      .where('state', '=', 'pool')
      .where('available_at', '<', cooledUntil)
      .execute();
  });
}
