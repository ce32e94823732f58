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
import { audit, auditedRead } from '../console/audit.js';
import { BOM, csvLine } from '../console/csv.js';
import type { RelayContext } from '../context.js';
import type { Database, PledgeStatus } from '../db/schema.js';
import { moneyOf } from '../payments/caps.js';
import { badInput, decodeCursor, localeOfRequest, parseLimit, sessionOf } from '../routes/admin.js';

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

const STATUSES: readonly PledgeStatus[] = ['pending', 'pending_review', 'paid', 'failed', 'abandoned', 'refunded', 'ended'];

/**
 * A page of pledges, newest first, with the money each took: what the
 * console's donations screen lists. No donor identity (that stays in the CSV).
 */
async function pledgePage(db: Kysely<Database>, limit: number, cursor: { createdAt: string; id: string } | undefined, status?: string) {
  let query = db
    .selectFrom('pledges')
    .select(['id', 'created_at', 'status', 'review', 'provider', 'amount_minor', 'currency', 'recurrence', 'instalments'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (status) query = query.where('status', '=', status as PledgeStatus);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const money = await moneyOf(
    db,
    page.map((p) => p.id),
  );
  const last = page[page.length - 1];
  return {
    pledges: page.map((p) => {
      const m = money.get(p.id) ?? { paid: 0, refunded: 0, payments: 0 };
      return {
        id: p.id,
        createdAt: p.created_at,
        status: p.status,
        overCap: p.review === 'over_cap',
        provider: p.provider,
        amountMinor: p.amount_minor,
        currency: p.currency,
        recurrence: p.recurrence,
        instalments: p.instalments,
        paymentsCount: m.payments,
        paidMinor: m.paid,
        refundedMinor: m.refunded,
      };
    }),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
  };
}

/** `GET /v1/admin/donations/export`: registered after the admin gate (`adminRoutes`), so only an admin token reads it. */
export function treasurerRoutes(app: Hono, ctx: RelayContext): void {
  app.get('/v1/admin/donations', async (c) => {
    const limit = parseLimit(c);
    const cursor = decodeCursor(c);
    const status = c.req.query('status') || undefined;
    if (status && !STATUSES.includes(status as PledgeStatus)) {
      const fr = localeOfRequest(c) === 'fr';
      throw badInput(
        'status',
        'invalid_input',
        fr ? `status doit valoir l’un de : ${STATUSES.join(', ')}.` : `status must be one of: ${STATUSES.join(', ')}.`,
      );
    }
    const page = await auditedRead(
      ctx.db,
      sessionOf(c),
      ctx.now(),
      (trx) => pledgePage(trx, limit, cursor, status),
      (read) => ({ event: 'donations.list', target: c.req.path, records: read.pledges.length }),
    );
    return c.json(page);
  });

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
