/**
 * Where the links in messages lead: confirming (double opt-in, new details)
 * and unsubscribing. They work without JavaScript: a GET only shows a page
 * with a button (mail scanners fetch every link, so a GET never changes
 * anything), and the button POSTs a plain form back to the same address.
 *
 * These routes alone take form encodings (`application/x-www-form-urlencoded`,
 * and `multipart/form-data`, which RFC 8058 one-click unsubscribing sends) and
 * skip the `origins` allow-list: the token in the address is the authority,
 * and a browser posting a page with no referrer sends `Origin: null`. Both
 * POSTs are idempotent.
 */
import type { Context, Hono } from 'hono';
import { recordWithdrawal } from '../admin/people.js';
import { confirmLink, inspectLink } from '../confirmation/confirm.js';
import { CONFIRM_PATH, UNSUBSCRIBE_PATH } from '../confirmation/links.js';
import { CONFIRMATION_TEXTS } from '../confirmation/texts.js';
import { confirmationTokenHash, emailHashOfUnsubscribeToken } from '../confirmation/tokens.js';
import type { RelayContext } from '../context.js';
import { suppressHash } from '../db/suppression.js';
import { type NodeIncoming, readLimitedBody } from '../http/body.js';
import { HttpError } from '../http/errors.js';
import { pageLocale, pageResponse } from '../pages/page.js';

const DAY_MS = 86_400_000;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The token of a link: in the address (the page's form posts back to it, and
 * one-click unsubscribing posts to the `List-Unsubscribe` address), else in
 * the form. A POST must be a form; its body is read within the usual cap.
 */
async function tokenOf(c: Context, timeoutMs: number): Promise<string | undefined> {
  const fromQuery = c.req.query('token');
  if (c.req.method !== 'POST') return fromQuery;
  const type = c.req.header('content-type') ?? '';
  if (!FORM_TYPES.includes(type.split(';')[0]!.trim().toLowerCase())) throw new HttpError(415, 'unsupported_media_type');
  const text = await readLimitedBody(c.req.raw, (c.env as { incoming?: NodeIncoming } | undefined)?.incoming, timeoutMs);
  if (fromQuery !== undefined) return fromQuery;
  const form = await new Response(text, { headers: { 'content-type': type } }).formData().catch(() => undefined);
  const token = form?.get('token');
  return typeof token === 'string' ? token : undefined;
}

export function linkRoutes(app: Hono, ctx: RelayContext): void {
  const campaign = () => ctx.config.campaign;
  const campaignName = (locale: 'fr' | 'en') => ctx.config.campaign?.name ?? CONFIRMATION_TEXTS[locale].theCampaign;

  const confirmPage = async (c: Context) => {
    const locale = pageLocale(c);
    const t = CONFIRMATION_TEXTS[locale];
    const tokenHash = confirmationTokenHash(await tokenOf(c, ctx.config.bodyTimeoutMs));
    const state =
      c.req.method === 'POST'
        ? await confirmLink(ctx.db, ctx.config, tokenHash, ctx.now())
        : await inspectLink(ctx.db, ctx.config, tokenHash, ctx.now());
    // A confirmed signature now counts: the petition's facts are counted again (confirmations are few).
    if (state.state === 'confirmed') ctx.petitionFacts.forget();
    switch (state.state) {
      case 'invalid':
        return pageResponse(c, 404, { locale, title: t.invalidLink, paragraphs: [], campaign: campaign() });
      case 'ready':
        return pageResponse(c, 200, {
          locale,
          title: t.heading(state.subject, campaignName(locale)),
          paragraphs: [t.confirmPrompt(state.subject, campaignName(locale))],
          button: t.confirmButton,
          campaign: campaign(),
        });
      case 'already':
        return pageResponse(c, 200, { locale, title: t.alreadyConfirmed, paragraphs: [], campaign: campaign() });
      case 'confirmed':
        return pageResponse(c, 200, { locale, title: t.confirmed(state.subject, state.waitlisted), paragraphs: [], campaign: campaign() });
    }
  };

  const unsubscribePage = async (c: Context) => {
    const locale = pageLocale(c);
    const t = CONFIRMATION_TEXTS[locale];
    const name = campaignName(locale);
    const emailHash = emailHashOfUnsubscribeToken(ctx.hashKey, await tokenOf(c, ctx.config.bodyTimeoutMs));
    if (!emailHash) {
      return pageResponse(c, 404, {
        locale,
        title: t.invalidUnsubscribe(ctx.config.campaign?.contactEmail),
        paragraphs: [],
        campaign: campaign(),
      });
    }
    if (c.req.method !== 'POST') {
      return pageResponse(c, 200, {
        locale,
        title: t.unsubscribeHeading(name),
        paragraphs: [t.unsubscribePrompt(name)],
        button: t.unsubscribeButton,
        campaign: campaign(),
      });
    }
    await unsubscribe(ctx, emailHash);
    return pageResponse(c, 200, { locale, title: t.unsubscribed(name), paragraphs: [], campaign: campaign() });
  };

  app.get(CONFIRM_PATH, confirmPage);
  app.post(CONFIRM_PATH, confirmPage);
  app.get(UNSUBSCRIBE_PATH, unsubscribePage);
  app.post(UNSUBSCRIBE_PATH, unsubscribePage);
}

/**
 * Adds the person to the suppression list and, the first time, a withdrawal
 * to the consent log; whatever was still queued for them is not sent.
 */
async function unsubscribe(ctx: RelayContext, emailHash: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const known = await trx.selectFrom('suppression').select('email_hash').where('email_hash', '=', emailHash).executeTakeFirst();
    if (!known) {
      await suppressHash(trx, emailHash, 'unsubscribe', now);
      await recordWithdrawal(trx, emailHash, 'unsubscribe', now, new Date(now.getTime() + ctx.config.retention.donationDays * DAY_MS));
    }
    await trx.deleteFrom('mail_queue').where('recipient_hash', '=', emailHash).execute();
  });
}
