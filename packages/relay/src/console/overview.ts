/**
 * The console's overview, from the counters kept at commit time
 * (`action_counts`) and from indexes: never a scan of the actions. Totals
 * per kind, actions over time by form and by source, each petition against
 * its goal, each event's seats, donations by currency and recurrence, the
 * outbox's health. Donors near the compliance cap name people: a route of
 * their own, admins only, audited.
 */
import { COMPLIANCE_PROFILES } from '@tract/sdk/schema';
import { type Kysely, sql } from 'kysely';
import type { RelayConfig } from '../config/schema.js';
import type { Database } from '../db/schema.js';
import { donationPeriod } from '../payments/caps.js';

export const RANGES = ['24h', '30d', 'all'] as const;
export const BUCKETS = ['hour', 'day', 'week'] as const;
export type Range = (typeof RANGES)[number];
export type Bucket = (typeof BUCKETS)[number];

const HOUR_MS = 3_600_000;
const DONOR_WARNING_SHARE = 0.8;

/** The first hour bucket of a range (`2026-12-05T19`), or undefined for all time. */
function firstBucket(range: Range, now: Date): string | undefined {
  if (range === 'all') return undefined;
  const hours = range === '24h' ? 23 : 30 * 24 - 1;
  return new Date(now.getTime() - hours * HOUR_MS).toISOString().slice(0, 13);
}

/** The bucket an hour (`2026-12-06T19`) falls in: itself, its day, or the Monday of its week. */
function bucketOf(hour: string, bucket: Bucket): string {
  if (bucket === 'hour') return hour;
  const day = hour.slice(0, 10);
  if (bucket === 'day') return day;
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** Every bucket from `first` to now, so a quiet hour shows as zero rather than disappearing from the chart. */
function bucketsFrom(first: string, bucket: Bucket, now: Date): string[] {
  const labels: string[] = [];
  const step = bucket === 'hour' ? HOUR_MS : bucket === 'day' ? 24 * HOUR_MS : 7 * 24 * HOUR_MS;
  const last = bucketOf(now.toISOString().slice(0, 13), bucket);
  let at = new Date(bucket === 'hour' ? `${first}:00:00Z` : `${bucketOf(first, bucket)}T00:00:00Z`);
  for (let guard = 0; guard < 5000; guard++) {
    const label = bucketOf(at.toISOString().slice(0, 13), bucket);
    labels.push(label);
    if (label >= last) break;
    at = new Date(at.getTime() + step);
  }
  return labels;
}

export async function overview(db: Kysely<Database>, config: RelayConfig, range: Range, bucket: Bucket, now: Date) {
  const since = firstBucket(range, now);
  // Hours stay hours; days and weeks are summed by day in SQL (weeks are days added up below).
  const period = bucket === 'hour' ? sql<string>`bucket` : sql<string>`substr(bucket, 1, 10)`;
  let query = db
    .selectFrom('action_counts')
    .select([
      period.as('at'),
      'kind',
      'form',
      'source',
      (eb) => eb.fn.sum<number | string>('actions').as('actions'),
      (eb) => eb.fn.sum<number | string>('amount').as('amount'),
    ])
    .groupBy([period, 'kind', 'form', 'source']);
  if (since) query = query.where('bucket', '>=', since);
  const rows = await query.execute();

  const totals: Record<string, number> = {};
  const byForm = new Map<string, Map<string, number>>();
  const bySource = new Map<string, Map<string, number>>();
  const donations = new Map<string, { currency: string; recurrence: string; pledges: number; amountMinor: number }>();
  let first = since;
  const add = (series: Map<string, Map<string, number>>, name: string, at: string, n: number) => {
    const counts = series.get(name) ?? new Map<string, number>();
    counts.set(at, (counts.get(at) ?? 0) + n);
    series.set(name, counts);
  };
  for (const row of rows) {
    const n = Number(row.actions);
    if (n === 0) continue;
    totals[row.kind] = (totals[row.kind] ?? 0) + n;
    const at = bucketOf(row.at, bucket);
    if (!first || row.at < first) first = row.at;
    const [kind, a, b] = row.form.split('/');
    // Donations chart as one form; an event's RSVPs as its own, whatever their status.
    add(byForm, kind === 'donation' ? 'donation' : kind === 'rsvp' && a ? a : row.form, at, n);
    add(bySource, row.source, at, n);
    if (kind === 'donation' && a && b) {
      const key = `${a}/${b}`;
      const entry = donations.get(key) ?? { currency: a, recurrence: b, pledges: 0, amountMinor: 0 };
      entry.pledges += n;
      entry.amountMinor += Number(row.amount);
      donations.set(key, entry);
    }
  }
  const buckets = bucketsFrom(first ?? now.toISOString().slice(0, 13), bucket, now);
  const series = (map: Map<string, Map<string, number>>) =>
    [...map.entries()]
      .map(([name, counts]) => ({ name, counts: buckets.map((b) => counts.get(b) ?? 0) }))
      .sort((a, b) => b.counts.reduce((s, n) => s + n, 0) - a.counts.reduce((s, n) => s + n, 0));

  return {
    range,
    bucket,
    totals,
    chart: { buckets, byForm: series(byForm), bySource: series(bySource) },
    ...(await formProgress(db, config)),
    donations: [...donations.values()].sort((a, b) => b.amountMinor - a.amountMinor),
    outbox: await outboxHealth(db),
  };
}

/**
 * Each petition's signatures and each event's RSVPs, seats and waiting list
 * since the start, from the counters (`kind, form` index): a signature or
 * RSVP counts once confirmed, as on the public facts.
 */
async function formProgress(db: Kysely<Database>, config: RelayConfig) {
  const rows = await db
    .selectFrom('action_counts')
    .select([
      'kind',
      'form',
      (eb) => eb.fn.sum<number | string>('actions').as('actions'),
      (eb) => eb.fn.sum<number | string>('amount').as('amount'),
    ])
    .where('kind', 'in', ['petition_signature', 'rsvp'])
    .groupBy(['kind', 'form'])
    .execute();
  const of = (kind: string, form: string) => rows.find((row) => row.kind === kind && row.form === form);
  return {
    petitions: config.petitions.map((petition) => ({
      id: petition.id,
      title: petition.title,
      goal: petition.goal,
      signatures: Number(of('petition_signature', petition.id)?.actions ?? 0),
    })),
    events: config.events.map((event) => {
      const accepted = of('rsvp', `rsvp/${event.id}/accepted`);
      const waitlisted = of('rsvp', `rsvp/${event.id}/waitlisted`);
      const rsvps = Number(accepted?.actions ?? 0);
      const seats = Number(accepted?.amount ?? 0);
      return {
        id: event.id,
        title: event.title,
        startsAt: event.startsAt,
        capacity: event.capacity,
        rsvps,
        seatsTaken: seats,
        guests: Math.max(0, seats - rsvps),
        waitlisted: Number(waitlisted?.actions ?? 0),
        waitlistedSeats: Number(waitlisted?.amount ?? 0),
      };
    }),
  };
}

async function outboxHealth(db: Kysely<Database>) {
  const counts = await db
    .selectFrom('outbox')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', ['pending', 'delivering', 'failed', 'dead'])
    .groupBy('status')
    .execute();
  const failing = await db
    .selectFrom('outbox')
    .innerJoin('actions', 'actions.id', 'outbox.action_id')
    .select([
      'outbox.id',
      'outbox.status',
      'outbox.attempts',
      'outbox.last_error',
      'outbox.updated_at',
      'actions.kind',
      'actions.target_id',
    ])
    .where('outbox.status', 'in', ['failed', 'dead'])
    .orderBy('outbox.updated_at', 'desc')
    .limit(10)
    .execute();
  const count = (status: string) => Number(counts.find((row) => row.status === status)?.n ?? 0);
  return {
    pending: count('pending') + count('delivering'),
    failed: count('failed'),
    dead: count('dead'),
    failing: failing.map((row) => ({
      id: row.id,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      updatedAt: row.updated_at,
      kind: row.kind,
      targetId: row.target_id,
    })),
  };
}

/** Donors whose pledges this period reach 80% of the compliance profile's cap (admins only: this names people). */
export async function donorsNearCap(db: Kysely<Database>, config: RelayConfig, now: Date) {
  if (!config.donations) return { cap: null, period: null, donors: [] };
  const cap = COMPLIANCE_PROFILES[config.donations.profile].capMinor;
  if (cap === undefined) return { cap: null, period: null, donors: [] };
  const period = donationPeriod(config.donations, now);
  const totals = await db
    .selectFrom('actions')
    .select(['person_id', (eb) => eb.fn.sum<number | string>('amount_minor').as('total')])
    .where('kind', '=', 'donation')
    .where('period', '=', period)
    .groupBy('person_id')
    .having((eb) => eb.fn.sum('amount_minor'), '>=', Math.floor(cap * DONOR_WARNING_SHARE))
    .orderBy('total', 'desc')
    .limit(50)
    .execute();
  const ids = totals.map((row) => row.person_id).filter((id): id is string => id !== null);
  const people =
    ids.length === 0 ? [] : await db.selectFrom('people').select(['id', 'given_name', 'family_name']).where('id', 'in', ids).execute();
  return {
    cap,
    period,
    donors: totals.map((row) => {
      const person = people.find((p) => p.id === row.person_id);
      const total = Number(row.total);
      return {
        personId: row.person_id,
        name: [person?.given_name, person?.family_name].filter(Boolean).join(' '),
        totalMinor: total,
        over: total > cap,
      };
    }),
  };
}
