/**
 * Ids for the rows the relay creates (people, consent events, outbox
 * deliveries): UUIDv7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds. A random UUIDv4 primary key sends every insert to a random
 * leaf of its index, so a group commit of a few hundred rows rewrote a few
 * hundred index pages into the write-ahead log; time-ordered keys land on the
 * last page, written once per batch. The rest stays random: ids cannot be guessed.
 */
import { randomUUID } from 'node:crypto';

/** A UUIDv7 for `now` (default: the current time). */
export function timeOrderedId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID() draws from a cached entropy pool; its version-4 digit (index 14) gives way to the 7.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
