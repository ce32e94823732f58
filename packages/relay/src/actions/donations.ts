/**
 * Donation pledges: the campaign-finance cap is enforced here against the
 * donor's running total (pending and paid pledges) for the election or year,
 * and the donor is handed off to the configured checkout.
 */

import { COMPLIANCE_PROFILES, type Donation, type FieldIssue, messageFor } from '@tract/sdk';
import type { Transaction } from 'kysely';
import type { DonationsConfig } from '../config/schema.js';
import { lockTotal } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/** The period a pledge counts against: the configured election, or the calendar year (UTC). */
export function donationPeriod(config: DonationsConfig, now: Date): string {
  const profile = COMPLIANCE_PROFILES[config.profile];
  return profile.capPeriod === 'election' ? `election:${config.election}` : `year:${now.getUTCFullYear()}`;
}

export interface CapRefusal {
  rule: string;
  issue: FieldIssue;
}

/**
 * Refuses a pledge that would take the donor's total for `period` over the
 * profile's cap. Reads committed and earlier-in-batch pledges alike.
 */
export async function checkDonationCap(
  trx: Transaction<Database>,
  config: DonationsConfig,
  donation: Donation,
  emailHash: string,
  period: string,
  locale: string,
): Promise<CapRefusal | undefined> {
  const profile = COMPLIANCE_PROFILES[config.profile];
  if (profile.capMinor === undefined) return undefined;
  await lockTotal(trx, `pledges:${emailHash}:${period}`);
  const row = await trx
    .selectFrom('actions')
    .innerJoin('people', 'people.id', 'actions.person_id')
    .select((eb) => eb.fn.sum<number | string | null>('actions.amount_minor').as('total'))
    .where('people.email_hash', '=', emailHash)
    .where('actions.kind', '=', 'donation')
    .where('actions.period', '=', period)
    .executeTakeFirst();
  const total = Number(row?.total ?? 0);
  if (total + donation.amount <= profile.capMinor) return undefined;
  const remaining = Math.max(0, profile.capMinor - total);
  const params = { rule: profile.rule, remaining, max: profile.capMinor };
  return {
    rule: profile.rule,
    issue: { path: 'amount', code: 'cap_exceeded', message: messageFor('cap_exceeded', locale, params), params },
  };
}

/**
 * Fills the checkout URL template. Every value is URL-encoded, so nothing a
 * donor typed can change the URL's shape (and none of it is personal anyway).
 */
export function checkoutUrl(template: string, donation: Donation, pledgeId: string): string {
  const values: Record<string, string> = {
    amount: String(donation.amount),
    amountMajor: (donation.amount / 100).toFixed(2),
    currency: donation.currency,
    recurrence: donation.recurrence,
    reference: pledgeId,
  };
  return template.replace(/\{(amount|amountMajor|currency|recurrence|reference)\}/g, (_, name: string) =>
    encodeURIComponent(values[name]!),
  );
}
