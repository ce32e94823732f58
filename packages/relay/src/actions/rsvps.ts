/** RSVPs: how many guests one may bring, and whether the event still has room for this person and their guests. */

import type { FieldIssue, Rsvp } from '@tract/sdk/schema';
import type { Kysely, Transaction } from 'kysely';
import type { EventConfig } from '../config/schema.js';
import { lockTotal } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/** Whether an event still takes RSVPs: open in the config and not yet over. */
export function eventIsOpen(event: EventConfig, now: Date): boolean {
  return event.open && Date.parse(event.endsAt ?? event.startsAt) > now.getTime();
}

/**
 * Refuses an RSVP bringing more guests than the event takes (`maxGuests`): a
 * few RSVPs with large parties could otherwise take most of an event's seats.
 * Depends only on the request and the configuration.
 */
export function guestsRefusal(event: EventConfig, rsvp: Rsvp, locale: string): FieldIssue | undefined {
  const max = event.maxGuests;
  if (rsvp.guests <= max) return undefined;
  const fr = locale.startsWith('fr');
  const message =
    max === 0
      ? fr
        ? 'Cet événement n’accepte pas d’invités : inscrivez-vous seul·e.'
        : 'This event takes no guests: RSVP for yourself only.'
      : fr
        ? `Vous pouvez venir avec ${max} invité${max > 1 ? 's' : ''} au plus.`
        : `You may bring at most ${max} guest${max > 1 ? 's' : ''}.`;
  return { path: 'guests', code: 'too_large', message, params: { max } };
}

/** Seats an RSVP takes: the person and their guests, when attending. */
export function seatsOf(rsvp: Rsvp): number {
  return rsvp.status === 'attending' ? 1 + rsvp.guests : 0;
}

/** Seats taken by accepted RSVPs (committed, and earlier in the batch once written). */
export async function seatsTaken(db: Kysely<Database> | Transaction<Database>, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.sum<number | string | null>('seats').as('taken'))
    .where('kind', '=', 'rsvp')
    .where('target_id', '=', eventId)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  return Number(row?.taken ?? 0);
}

/** `waitlisted` when the event's remaining capacity is smaller than the seats asked for. */
export async function rsvpStatus(trx: Transaction<Database>, event: EventConfig, rsvp: Rsvp): Promise<'accepted' | 'waitlisted'> {
  const seats = seatsOf(rsvp);
  if (event.capacity === null || seats === 0) return 'accepted';
  await lockTotal(trx, `seats:${event.id}`);
  const remaining = event.capacity - (await seatsTaken(trx, event.id));
  return remaining < seats ? 'waitlisted' : 'accepted';
}
