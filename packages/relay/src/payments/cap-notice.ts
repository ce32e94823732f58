/**
 * The donor's message about a pledge flagged over the cap. No anonymous
 * answer may say so (that would tell anyone who knows an email what its
 * owner gave), so the owner of the address hears it by email, through the
 * mail queue like every other message: it is dropped for a suppressed
 * address, counts in the per-address daily limit, and carries the legal
 * footer. A queued notice is a `mail_queue` row whose `confirmation_id` is
 * `pledge:<pledge id>` and whose token is empty: it holds no link to press.
 */
import { COMPLIANCE_PROFILES } from '@tract/sdk/schema';
import type { Transaction } from 'kysely';
import type { SendMailOptions } from 'nodemailer';
import type { RelayConfig } from '../config/schema.js';
import type { Database, PledgeRow } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import type { Locale } from '../http/messages.js';
import { campaignMessage } from '../mail/compose.js';
import type { CampaignConfig } from '../mail/config.js';
import { escapeHtml } from '../pages/page.js';

export const PLEDGE_NOTICE_PREFIX = 'pledge:';
/** A notice not sent within two days (the SMTP server down all along) is no longer worth sending. */
const NOTICE_DAYS = 2;

/** Queues the notice for `pledge` to `email`, in the transaction that flagged it; nothing without `smtp`. */
export async function queueCapNotice(
  trx: Transaction<Database>,
  config: RelayConfig,
  pledge: PledgeRow,
  email: string,
  locale: string,
  now: Date,
): Promise<void> {
  if (!config.smtp || !config.campaign || !config.publicUrl) return;
  const at = now.toISOString();
  await trx
    .insertInto('mail_queue')
    .values({
      id: timeOrderedId(now.getTime()),
      confirmation_id: `${PLEDGE_NOTICE_PREFIX}${pledge.id}`,
      recipient: email,
      recipient_hash: pledge.email_hash,
      locale: locale.startsWith('fr') ? 'fr' : 'en',
      token: '',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      created_at: at,
      expires_at: new Date(now.getTime() + NOTICE_DAYS * 86_400_000).toISOString(),
    })
    .execute();
}

const TEXTS = {
  fr: {
    subject: (campaign: string) => `Votre don à ${campaign} : vérification du plafond légal`,
    body: (amount: string, rule: string, cap: string) =>
      `Vous avez fait une promesse de don de ${amount}. Avec vos dons précédents pour la même élection ou la même année, elle dépasserait le plafond légal de ${cap} par donateur (${rule}). Le trésorier de la campagne la vérifie : tout montant au-delà du plafond vous sera remboursé, et il peut vous contacter à cette adresse.`,
    notYou: 'Si vous n’avez fait aucune promesse de don, vous pouvez ignorer ce message : rien n’a été prélevé.',
  },
  en: {
    subject: (campaign: string) => `Your donation to ${campaign}: legal limit check`,
    body: (amount: string, rule: string, cap: string) =>
      `You pledged a donation of ${amount}. With your earlier gifts for the same election or year, it would exceed the legal limit of ${cap} per donor (${rule}). The campaign's treasurer is checking it: any amount above the limit will be refunded to you, and they may contact you at this address.`,
    notYou: 'If you made no pledge, you can ignore this message: nothing was charged.',
  },
} as const;

function money(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(minor / 100);
}

/** The notice, ready for nodemailer: plain text and HTML saying the same, the legal footer and unsubscribe headers. */
export function composeCapNotice(
  settings: { from: string; campaign: CampaignConfig },
  message: { to: string; locale: Locale; pledge: PledgeRow; profile: keyof typeof COMPLIANCE_PROFILES; unsubscribeUrl: string },
): SendMailOptions {
  const t = TEXTS[message.locale];
  const profile = COMPLIANCE_PROFILES[message.profile];
  const amount =
    message.pledge.recurrence === 'monthly'
      ? `${money(message.pledge.amount_minor, message.pledge.currency, message.locale)} × ${message.pledge.instalments}`
      : money(message.pledge.amount_minor, message.pledge.currency, message.locale);
  const body = t.body(amount, profile.rule, money(profile.capMinor ?? 0, profile.currency, message.locale));
  return campaignMessage(settings, message, {
    subject: t.subject(settings.campaign.name),
    text: [body, '', t.notYou],
    html: `<p>${escapeHtml(body)}</p>
<p>${escapeHtml(t.notYou)}</p>`,
  });
}
