/**
 * Who holds an event's seats, the largest parties first: how an admin spots
 * capacity taken by a few RSVPs with many guests, or by one address RSVPing
 * again and again. Names and emails are what each RSVP submitted.
 */
import type { Rsvp } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import type { EventConfig } from '../config/schema.js';
import type { Database } from '../db/schema.js';

/** The event's seat totals and its `limit` largest RSVPs (attending ones: the others take no seat). */
export async function seatHolders(db: Kysely<Database>, event: EventConfig, limit: number) {
  const attending = db.selectFrom('actions').where('kind', '=', 'rsvp').where('target_id', '=', event.id).where('seats', '>', 0);
  const totals = await attending
    .select((eb) => [
      eb.fn.countAll<number | string>().as('rsvps'),
      eb.fn.sum<number | string | null>(eb.case().when('status', '=', 'accepted').then(eb.ref('seats')).else(0).end()).as('taken'),
      eb.fn.sum<number | string | null>(eb.case().when('status', '=', 'waitlisted').then(eb.ref('seats')).else(0).end()).as('waitlisted'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await attending
    .select(['id', 'data', 'seats', 'status', 'created_at'])
    .orderBy('seats', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return {
    event: {
      id: event.id,
      capacity: event.capacity,
      maxGuests: event.maxGuests,
      seatsTaken: Number(totals.taken ?? 0),
      seatsWaitlisted: Number(totals.waitlisted ?? 0),
      rsvps: Number(totals.rsvps),
    },
    holders: rows.map((row) => {
      const rsvp = JSON.parse(row.data) as Rsvp;
      return {
        id: row.id,
        email: rsvp.person.email,
        givenName: rsvp.person.givenName ?? null,
        familyName: rsvp.person.familyName ?? null,
        guests: rsvp.guests,
        seats: row.seats,
        status: row.status,
        createdAt: row.created_at,
      };
    }),
  };
}
