/**
 * Campaign-finance caps on paid money. Two decisions, kept apart on purpose:
 *
 * - `requestRefusal` looks only at the request (one gift, or a monthly amount
 *   times the instalments left in the period, above the cap): it may refuse
 *   outright, since the answer depends on nothing stored about anyone.
 * - `donorOverCap` looks at the donor's running total. Its result never
 *   reaches the anonymous answer: an over-cap pledge is stored and answered
 *   like any other, and flagged `over_cap` for the treasurer. Otherwise anyone
 *   knowing an email could learn what its owner gave.
 *
 * A pledge counts against the cap by what it may still take: its payments net
 * of refunds, plus, while it is open (unpaid and unexpired, or a monthly gift
 * still running), the instalments it has not paid yet. Failed, abandoned,
 * refunded and ended pledges count only what they really kept.
 */
import { COMPLIANCE_PROFILES, type Donation, type FieldIssue, messageFor } from '@tract/sdk';
import type { Kysely, Transaction } from 'kysely';
import type { DonationsConfig, RelayConfig } from '../config/schema.js';
import { lockTotal } from '../db/dialect.js';
import type { Database, PledgeRow } from '../db/schema.js';

/** The period a pledge counts against: the configured election, or the calendar year (UTC). */
export function donationPeriod(config: DonationsConfig, now: Date): string {
  const profile = COMPLIANCE_PROFILES[config.profile];
  return profile.capPeriod === 'election' ? `election:${config.election}` : `year:${now.getUTCFullYear()}`;
}

/** When the period a pledge made at `now` counts against ends. */
export function periodEnd(config: RelayConfig, now: Date): Date {
  const donations = config.donations!;
  if (COMPLIANCE_PROFILES[donations.profile].capPeriod === 'year') return new Date(Date.UTC(now.getUTCFullYear() + 1, 0, 1) - 1);
  return new Date(donations.periodEndsAt ?? config.retention.campaignEndsAt);
}

/** `date` plus `months` calendar months (the day clamped to the month's last). */
function addMonths(date: Date, months: number): Date {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return target;
}

/**
 * Payments a gift made at `now` takes within its period: 1 for a one-off gift;
 * for a monthly one, the first today and one each month after, up to the end
 * of the period (at least the first).
 */
export function instalmentsWithin(recurrence: string, now: Date, end: Date): number {
  if (recurrence !== 'monthly') return 1;
  let count = 1;
  while (count < 600 && addMonths(now, count).getTime() <= end.getTime()) count += 1;
  return count;
}

export interface CapRefusal {
  rule: string;
  issue: FieldIssue;
}

/** Refuses what the request alone takes over the cap: a monthly gift whose instalments in the period add up past it. */
export function requestRefusal(config: DonationsConfig, donation: Donation, instalments: number, locale: string): CapRefusal | undefined {
  const profile = COMPLIANCE_PROFILES[config.profile];
  if (profile.capMinor === undefined) return undefined;
  const total = donation.amount * instalments;
  if (total <= profile.capMinor) return undefined;
  const params = { rule: profile.rule, max: profile.capMinor, instalments, total };
  const months = locale.startsWith('fr')
    ? ` Un don mensuel compte ${instalments} versements d’ici la fin de la période.`
    : ` A monthly gift counts ${instalments} payments before the period ends.`;
  return {
    rule: profile.rule,
    issue: {
      path: 'amount',
      code: 'cap_exceeded',
      message: messageFor('cap_exceeded', locale, params) + (donation.recurrence === 'monthly' ? months : ''),
      params,
    },
  };
}

interface Money {
  paid: number;
  refunded: number;
  payments: number;
}

/** What one pledge may still take from the donor's allowance (see the module comment). */
export function committedBy(pledge: PledgeRow, money: Money, now: Date): number {
  const net = Math.max(0, money.paid - money.refunded);
  if (pledge.ended_at || pledge.failed_at || pledge.abandoned_at || (money.refunded > 0 && net === 0)) {
    return net;
  }
  const started = money.payments > 0 || pledge.completed_at !== null;
  const open = started || pledge.checkout_expires_at === null || pledge.checkout_expires_at > now.toISOString();
  if (!open) return net;
  return net + pledge.amount_minor * Math.max(0, pledge.instalments - money.payments);
}

/** Payments and refunds per pledge. */
export async function moneyOf(trx: Kysely<Database>, pledgeIds: string[]): Promise<Map<string, Money>> {
  const money = new Map<string, Money>();
  if (pledgeIds.length === 0) return money;
  const rows = [];
  // In slices, so a treasurer's export of every pledge stays under any driver's parameter limit.
  for (let i = 0; i < pledgeIds.length; i += 500) {
    rows.push(
      ...(await trx
        .selectFrom('pledge_payments')
        .select([
          'pledge_id',
          'kind',
          (eb) => eb.fn.sum<number | string>('amount_minor').as('total'),
          (eb) => eb.fn.countAll<number | string>().as('n'),
        ])
        .where('pledge_id', 'in', pledgeIds.slice(i, i + 500))
        .groupBy(['pledge_id', 'kind'])
        .execute()),
    );
  }
  for (const row of rows) {
    const entry = money.get(row.pledge_id) ?? { paid: 0, refunded: 0, payments: 0 };
    if (row.kind === 'payment') {
      entry.paid += Number(row.total);
      entry.payments += Number(row.n);
    } else entry.refunded += Number(row.total);
    money.set(row.pledge_id, entry);
  }
  return money;
}

/**
 * Whether `pledge` takes its donor past the cap, counting every other pledge
 * of the same donor and period (those written earlier in the batch included).
 * `onlyStarted` counts only pledges that took money (at payment confirmation).
 */
export async function donorOverCap(
  trx: Transaction<Database>,
  config: DonationsConfig,
  pledge: PledgeRow,
  now: Date,
  onlyStarted = false,
): Promise<boolean> {
  const cap = COMPLIANCE_PROFILES[config.profile].capMinor;
  if (cap === undefined) return false;
  // On PostgreSQL, batches of this relay and of others would each read the total without the other's pledge.
  await lockTotal(trx, `pledges:${pledge.email_hash}:${pledge.period}`);
  const pledges = await trx
    .selectFrom('pledges')
    .selectAll()
    .where('email_hash', '=', pledge.email_hash)
    .where('period', '=', pledge.period)
    .execute();
  const others = pledges.filter((p) => p.id !== pledge.id);
  const money = await moneyOf(
    trx,
    pledges.map((p) => p.id),
  );
  const none = { paid: 0, refunded: 0, payments: 0 };
  let total = committedBy(pledge, money.get(pledge.id) ?? none, now);
  for (const other of others) {
    const otherMoney = money.get(other.id) ?? none;
    if (onlyStarted && otherMoney.payments === 0 && other.completed_at === null) continue;
    total += committedBy(other, otherMoney, now);
  }
  return total > cap;
}
