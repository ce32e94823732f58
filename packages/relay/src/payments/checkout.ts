/**
 * A donation pledge from request to stored row. `preparePledge` runs before
 * the batch: the campaign's rules and the request-only cap check (refused
 * outright, since they depend on the request alone), then the provider's
 * checkout. `storePledge` runs in the batch: it writes the pledge and flags
 * it `over_cap` when the donor's running total would pass the cap, which
 * changes nothing in the answer (see `caps.ts`).
 */
import type { ActionData, FieldIssue } from '@tract/sdk/schema';
import type { Transaction } from 'kysely';
import type { Submission } from '../actions/submit.js';
import type { RelayContext } from '../context.js';
import type { Database, PledgeRow } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { queueCapNotice } from './cap-notice.js';
import { donationPeriod, donorOverCap, instalmentsWithin, periodEnd, requestRefusal } from './caps.js';
import { publicIdOf } from './pledges.js';
import { PaymentProviderError } from './provider.js';

const DAY_MS = 86_400_000;

export interface PreparedPledge {
  row: PledgeRow;
  checkoutUrl: string;
  /** Who hears about it if it is flagged over the cap, and in which language. */
  email: string;
  locale: string;
}

function ruleViolation(rule: string, path: string, code: FieldIssue['code'], message: string): HttpError {
  return new HttpError(422, 'rule_violation', { rule, issues: [{ path, code, message }] });
}

/** The page the donor comes back to: the form's page when it is on an allowed origin, else the posting origin, else `donations.returnUrl`. */
function returnUrlOf(ctx: RelayContext, donation: ActionData['donation'], submission: Submission): string | undefined {
  const page = donation.source?.pageUrl;
  if (page) {
    try {
      if (ctx.config.origins.includes(new URL(page).origin)) return page;
    } catch {
      // not a URL: fall through
    }
  }
  if (submission.origin && ctx.config.origins.includes(submission.origin)) return `${submission.origin}/`;
  return ctx.config.donations?.returnUrl;
}

export async function preparePledge(
  ctx: RelayContext,
  id: string,
  donation: ActionData['donation'],
  submission: Submission,
  now: Date,
): Promise<PreparedPledge> {
  const donations = ctx.config.donations;
  if (!donations || !ctx.payments) throw new HttpError(404, 'not_found');
  const fr = submission.locale.startsWith('fr');
  if (donation.compliance.profile !== donations.profile) {
    throw ruleViolation(
      'compliance_profile',
      'compliance.profile',
      'invalid_choice',
      fr ? `Cette campagne applique le profil « ${donations.profile} ».` : `This campaign follows the "${donations.profile}" profile.`,
    );
  }
  if (!donations.recurrences.includes(donation.recurrence)) {
    throw ruleViolation(
      'recurrence',
      'recurrence',
      'invalid_choice',
      fr ? 'Cette fréquence n’est pas proposée.' : 'This recurrence is not offered.',
    );
  }
  if (donations.profile === 'fr-candidate' || donations.profile === 'fr-party') receiptDataOrRefuse(donation, fr);
  const instalments = instalmentsWithin(donation.recurrence, now, periodEnd(ctx.config, now));
  const refusal = requestRefusal(donations, donation, instalments, submission.locale);
  if (refusal) throw new HttpError(422, 'rule_violation', { rule: refusal.rule, issues: [refusal.issue] });

  const returnUrl = returnUrlOf(ctx, donation, submission);
  if (!returnUrl && ctx.payments.name !== 'redirect') {
    throw new HttpError(400, 'invalid_input', {
      issues: [
        {
          path: 'source.pageUrl',
          code: 'required',
          message: fr
            ? 'L’adresse de la page du formulaire est nécessaire pour y revenir après le paiement.'
            : 'The form page’s address is needed to come back to it after paying.',
        },
      ],
    });
  }
  const publicId = publicIdOf(ctx.hashKey, id);
  let checkout: Awaited<ReturnType<typeof ctx.payments.createCheckout>>;
  try {
    checkout = await ctx.payments.createCheckout({
      pledgeId: id,
      publicId,
      donation,
      instalments,
      returnUrl: returnUrl ?? 'http://localhost/',
      locale: submission.locale,
      now,
    });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error;
    ctx.log(JSON.stringify({ time: now.toISOString(), event: 'payment_checkout_failed', provider: error.provider, reason: error.reason }));
    throw new HttpError(502, 'payment_unavailable');
  }
  const at = now.toISOString();
  return {
    checkoutUrl: checkout.url,
    email: donation.person.email,
    locale: donation.person.language ?? submission.locale,
    row: {
      id,
      public_id: publicId,
      email_hash: ctx.hashKey.emailHash(donation.person.email),
      period: donationPeriod(donations, now),
      provider: ctx.payments.name,
      status: 'pending',
      amount_minor: donation.amount,
      currency: donation.currency,
      recurrence: donation.recurrence,
      instalments,
      review: null,
      checkout_ref: checkout.checkoutRef,
      payment_ref: null,
      subscription_ref: null,
      customer_ref: null,
      checkout_expires_at: checkout.expiresAt?.toISOString() ?? null,
      completed_at: null,
      failed_at: null,
      abandoned_at: null,
      ended_at: null,
      created_at: at,
      updated_at: at,
      expires_at: new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS).toISOString(),
    },
  };
}

/**
 * French campaign donations need the donor's full identity and postal address
 * for the tax receipt (reçu-don) the financial agent issues: asked before the
 * hand-off, never after. 400, naming each missing field.
 */
function receiptDataOrRefuse(donation: ActionData['donation'], fr: boolean): void {
  const person = donation.person;
  const missing: [string, string, string][] = [];
  if (!person.givenName) missing.push(['person.givenName', 'Votre prénom', 'Your first name']);
  if (!person.familyName) missing.push(['person.familyName', 'Votre nom', 'Your last name']);
  if (!person.addressLines?.some((line) => line.trim())) missing.push(['person.addressLines', 'Votre adresse', 'Your street address']);
  if (!person.postalCode) missing.push(['person.postalCode', 'Votre code postal', 'Your postal code']);
  if (!person.locality) missing.push(['person.locality', 'Votre commune', 'Your town']);
  if (missing.length === 0) return;
  throw new HttpError(400, 'invalid_input', {
    issues: missing.map(([path, frName, enName]) => ({
      path,
      code: 'required' as const,
      message: fr
        ? `${frName} est nécessaire au reçu fiscal d’un don à une campagne électorale française.`
        : `${enName} is required for the tax receipt of a donation to a French campaign.`,
    })),
  });
}

/** Writes the pledge in the batch, flagged `over_cap` (and `pending_review`) when its donor's total would pass the cap. */
export async function storePledge(trx: Transaction<Database>, ctx: RelayContext, pledge: PreparedPledge, now: Date): Promise<void> {
  // The same reads and the one insert whatever the total: only the row's flag differs.
  const over = await donorOverCap(trx, ctx.config.donations!, pledge.row, now);
  const row: PledgeRow = over ? { ...pledge.row, review: 'over_cap', status: 'pending_review' } : pledge.row;
  await trx.insertInto('pledges').values(row).execute();
  // The donor hears it by email, never in this answer.
  if (over) await queueCapNotice(trx, ctx.config, row, pledge.email, pledge.locale, now);
}
