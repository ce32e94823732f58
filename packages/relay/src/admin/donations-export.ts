/**
 * The treasurer's export: every pledge that took money (paid, under review,
 * refunded, ended), with what reconciliation and the donation receipts need:
 * the provider's references to match the payouts, amounts paid and refunded,
 * the over-cap flag, and the donor's identity and address as the pledge
 * submitted them. CSV through the console's writer (`console/csv.ts`: RFC 4180, UTF-8 with BOM, formulas neutralised): the
 * relay's only export of donors' data besides the per-person export.
 */
import type { ActionData } from '@tract/sdk/schema';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { audit } from '../console/audit.js';
import { BOM, csvLine } from '../console/csv.js';
import type { RelayContext } from '../context.js';
import type { Database } from '../db/schema.js';
import { moneyOf } from '../payments/caps.js';
import { sessionOf } from '../routes/admin.js';

const HEADER = [
  'pledge_id',
  'created_at',
  'status',
  'review',
  'provider',
  'payment_reference',
  'checkout_reference',
  'subscription_reference',
  'currency',
  'amount',
  'recurrence',
  'instalments_paid',
  'paid_total',
  'refunded_total',
  'net_total',
  'period',
  'given_name',
  'family_name',
  'email',
  'address_lines',
  'postal_code',
  'locality',
  'country',
  'compliance_profile',
  'attestations',
  'attestations_version',
  'employer',
  'occupation',
] as const;

/** Minor units as a decimal amount (`2500` → `25.00`): every profile's currency has two decimals. */
const major = (minor: number) => (minor / 100).toFixed(2);

/** The CSV and how many pledges it lists; `db` is the transaction that also writes its audit entry. */
export async function donationsCsv(db: Kysely<Database>): Promise<{ csv: string; records: number }> {
  const pledges = await db
    .selectFrom('pledges')
    .leftJoin('actions', 'actions.id', 'pledges.id')
    .select([
      'pledges.id',
      'pledges.created_at',
      'pledges.status',
      'pledges.review',
      'pledges.provider',
      'pledges.payment_ref',
      'pledges.checkout_ref',
      'pledges.subscription_ref',
      'pledges.currency',
      'pledges.amount_minor',
      'pledges.recurrence',
      'pledges.period',
      'actions.data',
    ])
    .orderBy('pledges.created_at')
    .orderBy('pledges.id')
    .execute();
  const money = await moneyOf(
    db,
    pledges.map((p) => p.id),
  );
  const rows = pledges
    .filter((pledge) => (money.get(pledge.id)?.payments ?? 0) > 0)
    .map((pledge) => {
      const paid = money.get(pledge.id)!;
      const donation = pledge.data ? (JSON.parse(pledge.data) as ActionData['donation']) : undefined;
      const person = donation?.person;
      return [
        pledge.id,
        pledge.created_at,
        pledge.status,
        pledge.review,
        pledge.provider,
        pledge.payment_ref,
        pledge.checkout_ref,
        pledge.subscription_ref,
        pledge.currency,
        major(pledge.amount_minor),
        pledge.recurrence,
        paid.payments,
        major(paid.paid),
        major(paid.refunded),
        major(Math.max(0, paid.paid - paid.refunded)),
        pledge.period,
        person?.givenName,
        person?.familyName,
        person?.email,
        person?.addressLines?.join(' / '),
        person?.postalCode,
        person?.locality,
        person?.country,
        donation?.compliance.profile,
        donation?.compliance.attestations.join(' '),
        donation?.compliance.textVersion,
        donation?.compliance.employer,
        donation?.compliance.occupation,
      ];
    });
  return { csv: BOM + [HEADER, ...rows].map(csvLine).join(''), records: rows.length };
}

/** `GET /v1/admin/donations/export`: registered after the admin gate (`adminRoutes`), so only an admin token reads it. */
export function treasurerRoutes(app: Hono, ctx: RelayContext): void {
  app.get('/v1/admin/donations/export', async (c) => {
    const now = ctx.now();
    // The data leaves only if its audit entry is stored: both in one transaction.
    const { csv } = await ctx.db.transaction().execute(async (trx) => {
      const exported = await donationsCsv(trx);
      await audit(trx, sessionOf(c), { event: 'donations.export_csv', target: c.req.path, records: exported.records }, now);
      return exported;
    });
    const day = now.toISOString().slice(0, 10);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="tract-donations-${day}.csv"`,
    });
  });
}
