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

export type PetitionFacts = Awaited<ReturnType<typeof petitionFacts>>;

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

/**
 * How long a relay answers a petition's facts without counting again.
 * Counting reads every signature (300,000 of them: 40 to 60 ms of PostgreSQL
 * CPU), and every page that shows the petition widget asks: a viral petition
 * would have its database count all day. With this, a relay counts each
 * petition at most once a second, however many pages ask.
 */
export const PETITION_FACTS_MAX_AGE_MS = 1000;

/**
 * Petition facts, counted at most once per `maxAgeMs` per petition; requests
 * arriving while a count runs share it. A signature this relay stores or
 * confirms makes it count again (`forget`), so a signer sees their signature
 * at once; another relay's is seen within `maxAgeMs`. Bounded by the
 * configured petitions (the route answers 404 for any other id).
 */
export class PetitionFactsCache<T = PetitionFacts> {
  private entries = new Map<string, { at: number; facts: Promise<T> }>();

  constructor(
    private readonly count: (petition: PetitionConfig) => Promise<T>,
    private readonly maxAgeMs = PETITION_FACTS_MAX_AGE_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(petition: PetitionConfig): Promise<T> {
    const cached = this.entries.get(petition.id);
    if (cached && this.clock() - cached.at < this.maxAgeMs) return cached.facts;
    const entry = { at: this.clock(), facts: this.count(petition) };
    this.entries.set(petition.id, entry);
    // A failed count is not kept: the next request tries again.
    entry.facts.catch(() => {
      if (this.entries.get(petition.id) === entry) this.entries.delete(petition.id);
    });
    return entry.facts;
  }

  /** The count of `petitionId` (of every petition when none is named) changed here: the next request counts again. */
  forget(petitionId?: string): void {
    if (petitionId === undefined) this.entries.clear();
    else this.entries.delete(petitionId);
  }
}
