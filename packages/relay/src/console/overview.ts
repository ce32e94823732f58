/**
 * The console's overview, from the counters kept at commit time
 * (`action_counts`) and from indexes: never a scan of the actions. Totals
 * per kind, actions over time by form and by source, each petition against
 * its goal, each event's seats, donations by currency and recurrence, the
 * outbox's health. Donors near the compliance cap name people: a route of
 * their own, admins only, audited.
 */
import { COMPLIANCE_PROFILES } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import type { RelayConfig } from '../config/schema.js';
import type { Database } from '../db/schema.js';
import { committedBy, donationPeriod, moneyOf } from '../payments/caps.js';

export const RANGES = ['24h', '30d', 'all'] as const;
export const BUCKETS = ['hour', 'day', 'week'] as const;
export type Range = (typeof RANGES)[number];
export type Bucket = (typeof BUCKETS)[number];

const HOUR_MS = 3_600_000;
/**
 * Counters of an hour have buckets like `2026-12-06T19`, of a day
 * `day:2026-12-06`: a letter sorts after every digit, so each span is one
 * range of the counters' primary key.
 */
export const DAY_PREFIX = 'day:';
const DONOR_WARNING_SHARE = 0.8;

/** The first hour bucket of a range (`2026-12-05T19`), or undefined for all time. */
function firstBucket(range: Range, now: Date): string | undefined {
  if (range === 'all') return undefined;
  const hours = range === '24h' ? 23 : 30 * 24 - 1;
  return new Date(now.getTime() - hours * HOUR_MS).toISOString().slice(0, 13);
}

/** The bucket an hour (`2026-12-06T19`) or a day (`2026-12-06`) falls in: the hour, its day, or the Monday of its week. */
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
  // Hours from the hourly counters; days and weeks from the daily ones (a week is its days added up below).
  const firstHour = firstBucket(range, now);
  let query = db.selectFrom('action_counts').select(['bucket', 'kind', 'form', 'source', 'actions', 'amount']);
  if (bucket === 'hour') {
    query = query.where('bucket', '<', DAY_PREFIX);
    if (firstHour) query = query.where('bucket', '>=', firstHour);
  } else {
    query = query.where('bucket', '>=', firstHour ? DAY_PREFIX + firstHour.slice(0, 10) : DAY_PREFIX);
  }
  const since = bucket === 'hour' ? firstHour : firstHour?.slice(0, 10);
  const rows = (await query.execute()).map((row) => ({ ...row, at: row.bucket.replace(DAY_PREFIX, '') }));

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
 * since the start, from the daily counters: a signature or
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
    .where('bucket', '>=', DAY_PREFIX)
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

/**
 * Donors whose money this period reaches 80% of the compliance profile's cap,
 * or who have a pledge held for review as over the cap (admins only: this
 * names people). The total is the caps' own (`committedBy`): payments net of
 * refunds plus what open pledges may still take, per verified email hash, so
 * the console never disagrees with the rule that flags a pledge.
 */
export async function donorsNearCap(db: Kysely<Database>, config: RelayConfig, now: Date) {
  if (!config.donations) return { cap: null, period: null, donors: [] };
  const cap = COMPLIANCE_PROFILES[config.donations.profile].capMinor;
  if (cap === undefined) return { cap: null, period: null, donors: [] };
  const period = donationPeriod(config.donations, now);
  const pledges = await db.selectFrom('pledges').selectAll().where('period', '=', period).execute();
  const money = await moneyOf(
    db,
    pledges.map((p) => p.id),
  );
  const none = { paid: 0, refunded: 0, payments: 0 };
  const byDonor = new Map<string, { totalMinor: number; overCapPledges: number }>();
  for (const pledge of pledges) {
    const entry = byDonor.get(pledge.email_hash) ?? { totalMinor: 0, overCapPledges: 0 };
    entry.totalMinor += committedBy(pledge, money.get(pledge.id) ?? none, now);
    if (pledge.status === 'pending_review' || pledge.review === 'over_cap') entry.overCapPledges += 1;
    byDonor.set(pledge.email_hash, entry);
  }
  const near = [...byDonor.entries()]
    .filter(([, entry]) => entry.totalMinor >= Math.floor(cap * DONOR_WARNING_SHARE) || entry.overCapPledges > 0)
    .sort((a, b) => b[1].totalMinor - a[1].totalMinor)
    .slice(0, 50);
  const hashes = near.map(([hash]) => hash);
  const people =
    hashes.length === 0
      ? []
      : await db.selectFrom('people').select(['id', 'email_hash', 'given_name', 'family_name']).where('email_hash', 'in', hashes).execute();
  return {
    cap,
    period,
    donors: near.map(([hash, entry]) => {
      const person = people.find((p) => p.email_hash === hash);
      return {
        personId: person?.id ?? null,
        name: [person?.given_name, person?.family_name].filter(Boolean).join(' '),
        totalMinor: entry.totalMinor,
        over: entry.totalMinor > cap,
        overCapPledges: entry.overCapPledges,
      };
    }),
  };
}
