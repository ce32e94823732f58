/**
 * Fictional supporters and their actions spread over the last days, so the
 * console shows real charts at once: names from an obviously invented list,
 * emails on `example.org`, every action marked as demo data (origin
 * `demo:seed`, utm_campaign `demo-data`). Rows are generated in batches and
 * handed to a writer: the demo writes them through Kysely in one
 * transaction, the bench straight into SQLite with prepared statements.
 * The counters the overview reads are written with them, as a commit would.
 */
import type { Insertable, Kysely } from 'kysely';
import { counted, countKey } from '../actions/rows.js';
import type { RelayConfig } from '../config/schema.js';
import type { HashKey } from '../db/hash-key.js';
import { addCounts, chunks } from '../db/row-buffer.js';
import type { ActionCountsTable, ActionsTable, ConsentEventsTable, Database, OutboxTable, PeopleTable } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { donationPeriod } from '../payments/caps.js';

export const DEMO_ORIGIN = 'demo:seed';

const GIVEN = [
  'Alix',
  'Camille',
  'Dominique',
  'Sacha',
  'Maxime',
  'Charlie',
  'Lou',
  'Noa',
  'Eden',
  'Jules',
  'Zoé',
  'Élie',
  'Ange',
  'Morgan',
];
const FAMILY = ['Exemple', 'Fictif', 'Démo', 'Imaginaire', 'Essai', 'Modèle', 'Spécimen', 'Prototype', 'Fantaisie', 'Inventé', 'Maquette'];
const POSTAL = ['69001', '69002', '69003', '69004', '69005', '69006', '69007', '69008', '69009', '69100', '69300', '75011', '13001'];
const SOURCES = [
  { utmSource: 'newsletter' },
  { utmSource: 'mastodon' },
  { utmSource: 'bluesky' },
  { refcode: 'tract-tract' },
  { referrerHost: 'www.example.org' },
  {},
  {},
];
const TEXT_HASH = `sha256:${'0'.repeat(63)}1`;

export interface SeedBatch {
  people: Insertable<PeopleTable>[];
  actions: Insertable<ActionsTable>[];
  consent: Insertable<ConsentEventsTable>[];
  outbox: Insertable<OutboxTable>[];
}

export interface SeedOptions {
  config: RelayConfig;
  hashKey: HashKey;
  now: Date;
  people: number;
  actions: number;
  days: number;
  /** Deterministic randomness, so a bench run is comparable with the last. */
  seed?: number;
}

/** A small, fast, seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Generates the rows, `batchPeople` people (and their actions) at a time,
 * and the counters of all of them at the end.
 */
export function* demoRows(options: SeedOptions, batchPeople = 2000): Generator<SeedBatch, ActionCountsTable[]> {
  const rand = random(options.seed ?? 20261206);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const { config, now } = options;
  const span = options.days * 86_400_000;
  const counts = new Map<string, ActionCountsTable>();
  const petitions = config.petitions.filter((p) => p.open !== false);
  const events = config.events;
  const period = config.donations ? donationPeriod(config.donations, now) : null;
  const campaignEnd = config.retention.campaignEndsAt;
  const donationEnd = (at: Date) => new Date(at.getTime() + config.retention.donationDays * 86_400_000).toISOString();
  let actionsLeft = options.actions;
  const seatsSeeded = new Map<string, number>();
  for (let start = 0; start < options.people; start += batchPeople) {
    const batch: SeedBatch = { people: [], actions: [], consent: [], outbox: [] };
    for (let i = start; i < Math.min(options.people, start + batchPeople); i++) {
      const given = pick(GIVEN);
      const family = pick(FAMILY);
      const email = `${ascii(given)}.${ascii(family)}.${i}@example.org`;
      const postalCode = pick(POSTAL);
      const first = new Date(now.getTime() - rand() * span);
      const personId = timeOrderedId(first.getTime());
      const emailHash = options.hashKey.emailHash(email);
      batch.people.push({
        id: personId,
        email,
        email_hash: emailHash,
        given_name: given,
        family_name: family,
        phone: null,
        address_lines: null,
        locality: postalCode.startsWith('69') ? 'Lyon' : null,
        postal_code: postalCode,
        country: 'FR',
        language: 'fr',
        created_at: first.toISOString(),
        updated_at: first.toISOString(),
        confirmed_at: null,
        expires_at: campaignEnd,
      });
      // Spread what is left evenly over who is left, at least one action each.
      const peopleLeft = options.people - i;
      const mean = actionsLeft / peopleLeft;
      const n = peopleLeft === 1 ? actionsLeft : Math.max(1, Math.min(actionsLeft - (peopleLeft - 1), Math.round(mean * (0.5 + rand()))));
      actionsLeft -= n;
      for (let k = 0; k < n; k++) {
        const at = k === 0 ? first : new Date(first.getTime() + rand() * (now.getTime() - first.getTime()));
        const iso = at.toISOString();
        const source = { ...pick(SOURCES), utmCampaign: 'demo-data' };
        const person = { givenName: given, familyName: family, email, postalCode };
        const roll = rand();
        const id = timeOrderedId(at.getTime());
        let row: Insertable<ActionsTable>;
        let data: Record<string, unknown>;
        const base = {
          id,
          person_id: personId,
          status: 'accepted' as const,
          origin: DEMO_ORIGIN,
          token_id: null,
          confirmation: 'none' as const,
          confirmed_at: null,
          created_at: iso,
          amount_minor: null,
          period: null,
          seats: null,
          source: source.utmSource ?? source.refcode ?? source.referrerHost ?? null,
        };
        const consent = [{ purpose: 'email', granted: true, textVersion: 'demo-v1', textHash: TEXT_HASH, language: 'fr' }];
        if (roll < 0.35 && petitions.length > 0) {
          const petition = pick(petitions);
          data = { person, consent, source };
          row = { ...base, kind: 'petition_signature', target_id: petition.id, data: JSON.stringify(data), expires_at: campaignEnd };
        } else if (roll < 0.47 && events.length > 0) {
          const event = pick(events);
          const guests = Math.floor(rand() * 3);
          data = { person, consent: [], source, attending: true, guests };
          // Half of each event's seats at most, the rest waitlisted: the visitor trying the page still gets a seat.
          const seats = 1 + guests;
          const taken = seatsSeeded.get(event.id) ?? 0;
          const fits = event.capacity === null || taken + seats <= event.capacity / 2;
          if (fits) seatsSeeded.set(event.id, taken + seats);
          row = {
            ...base,
            kind: 'rsvp',
            status: fits ? 'accepted' : 'waitlisted',
            target_id: event.id,
            seats,
            data: JSON.stringify(data),
            expires_at: campaignEnd,
          };
        } else if (roll < 0.57 && period) {
          const amount = pick([1000, 2000, 2500, 5000, 10000, 20000, 50000, 150000]);
          const recurrence = rand() < 0.8 ? 'one_off' : 'monthly';
          data = { person, consent: [], source, amount, currency: 'EUR', recurrence };
          row = {
            ...base,
            kind: 'donation',
            target_id: null,
            status: 'pending',
            amount_minor: amount,
            period,
            data: JSON.stringify(data),
            expires_at: donationEnd(at),
          };
        } else {
          data = { person, consent, source };
          row = { ...base, kind: 'signup', target_id: null, data: JSON.stringify(data), expires_at: campaignEnd };
        }
        batch.actions.push(row);
        if ((data.consent as unknown[]).length > 0) {
          batch.consent.push({
            id: timeOrderedId(at.getTime()),
            subject_hash: emailHash,
            kind: 'grant',
            purpose: 'email',
            text_version: 'demo-v1',
            text_hash: TEXT_HASH,
            text_language: 'fr',
            channel: row.kind,
            origin: DEMO_ORIGIN,
            page_url: null,
            action_id: id,
            recorded_at: iso,
            expires_at: row.expires_at,
            confirmation: null,
          });
        }
        // A few deliveries a CRM refused, for the Deliveries screen.
        if (rand() < 0.004) {
          const dead = rand() < 0.5;
          batch.outbox.push({
            id: timeOrderedId(at.getTime()),
            action_id: id,
            backend: 'webhook',
            status: dead ? 'dead' : 'failed',
            attempts: dead ? 8 : 3,
            next_attempt_at: now.toISOString(),
            last_error: pick(['http_422', 'http_503', 'timeout', 'http_401']),
            created_at: iso,
            updated_at: iso,
            delivered_at: null,
          });
        }
        const key = countKey(row.kind, row.target_id ?? null, row.status ?? 'accepted', data as never, iso);
        const id2 = `${key.bucket}|${key.kind}|${key.form}|${key.source}`;
        const entry = counts.get(id2) ?? { ...key, actions: 0, amount: 0 };
        entry.actions++;
        entry.amount += counted(row.amount_minor, row.seats);
        counts.set(id2, entry);
      }
    }
    yield batch;
  }
  return [...counts.values()];
}

/** Writes the demo's rows through Kysely in one transaction (a few thousand rows: well under a second). */
export async function seedDemo(db: Kysely<Database>, options: SeedOptions): Promise<{ people: number; actions: number }> {
  const existing = await db.selectFrom('actions').select('id').where('origin', '=', DEMO_ORIGIN).limit(1).executeTakeFirst();
  if (existing) return { people: 0, actions: 0 };
  await db.transaction().execute(async (trx) => {
    const rows = demoRows(options);
    for (;;) {
      const next = rows.next();
      if (next.done) {
        for (const chunk of chunks(next.value)) await addCounts(trx, chunk).execute();
        break;
      }
      const batch = next.value;
      for (const chunk of chunks(batch.people)) await trx.insertInto('people').values(chunk).execute();
      for (const chunk of chunks(batch.actions)) await trx.insertInto('actions').values(chunk).execute();
      for (const chunk of chunks(batch.consent)) await trx.insertInto('consent_events').values(chunk).execute();
      for (const chunk of chunks(batch.outbox)) await trx.insertInto('outbox').values(chunk).execute();
    }
  });
  return { people: options.people, actions: options.actions };
}
