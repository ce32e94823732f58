/** The public facts of petitions and events: configuration plus counts, never a person. */
import type { Kysely } from 'kysely';
import { eventIsOpen, seatsTaken } from '../actions/rsvps.js';
import type { EventConfig, PetitionConfig } from '../config/schema.js';
import type { Database } from '../db/schema.js';

export async function petitionFacts(db: Kysely<Database>, petition: PetitionConfig) {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.count<number | string>('person_id').distinct().as('signers'))
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
    signatureCount: Number(row?.signers ?? 0),
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
    open: eventIsOpen(event, now),
  };
}
