/**
 * The public facts of petitions and events: configuration plus counts, never
 * a person. No count may tell whether a given person acted: a petition counts
 * accepted signatures (a second signature by the same person moves it exactly
 * as a first one does), an event the seats its accepted RSVPs take.
 */
import type { Kysely } from 'kysely';
import { eventIsOpen, seatsTaken } from '../actions/rsvps.js';
import type { EventConfig, PetitionConfig } from '../config/schema.js';
import type { Database } from '../db/schema.js';

export async function petitionFacts(db: Kysely<Database>, petition: PetitionConfig) {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.countAll<number | string>().as('signatures'))
    .where('kind', '=', 'petition_signature')
    .where('target_id', '=', petition.id)
    // A signature waiting for its signer's confirmation by email does not count yet.
    .where('confirmation', '!=', 'pending')
    .executeTakeFirst();
  return {
    id: petition.id,
    title: petition.title,
    description: petition.description,
    goal: petition.goal,
    signatureCount: Number(row?.signatures ?? 0),
    open: petition.open,
  };
}

export async function eventFacts(db: Kysely<Database>, event: EventConfig, now: Date) {
  const remaining = event.capacity === null ? null : Math.max(0, event.capacity - (await seatsTaken(db, event.id)));
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    place: event.place,
    capacity: event.capacity,
    remaining,
    maxGuests: event.maxGuests,
    open: eventIsOpen(event, now),
  };
}
