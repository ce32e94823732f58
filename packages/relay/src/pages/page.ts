/**
 * The small HTML pages confirmation and unsubscribe links open. They work
 * without JavaScript (a form and a button) and carry the strictest headers
 * the relay sends: a CSP that allows no script at all, only this file's own
 * style (by hash), forms posting to the relay itself, and no framing; no
 * referrer, so the token in the address leaks nowhere; no caching.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CONFIRMATION_TEXTS } from '../confirmation/texts.js';
import { type Locale, localeOf } from '../http/messages.js';
import type { CampaignConfig } from '../mail/config.js';

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fafafa;margin:0}
main{max-width:34rem;margin:3rem auto;padding:1.5rem;background:#fff;border:1px solid #ddd;border-radius:.5rem}
h1{font-size:1.4rem;margin-top:0}
button{font:inherit;font-weight:600;min-height:44px;min-width:44px;padding:.6rem 1.4rem;border:0;border-radius:.3rem;background:#1d4ed8;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
footer{margin-top:2rem;font-size:.85rem;color:#4a4a4a}
a{color:#1d4ed8}`;

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The page's language: `?lang=fr|en`, else the browser's `Accept-Language`. */
export function pageLocale(c: Context): Locale {
  const asked = c.req.query('lang');
  return asked === 'fr' || asked === 'en' ? asked : localeOf(c.req.header('accept-language'));
}

export interface PageContent {
  locale: Locale;
  title: string;
  /** Paragraphs of text (escaped here). */
  paragraphs: string[];
  /** A button that POSTs back to this very address (its token included). */
  button?: string;
  campaign: CampaignConfig | undefined;
}

/** Answers with a page and the headers every such page carries. */
export function pageResponse(c: Context, status: ContentfulStatusCode, page: PageContent): Response {
  const t = CONFIRMATION_TEXTS[page.locale];
  const { campaign } = page;
  const footer = campaign
    ? `<footer><p>${escapeHtml(campaign.name)}. ${escapeHtml(t.controller(campaign.controller))}
<a href="${escapeHtml(campaign.privacyUrl)}">${escapeHtml(t.privacyPolicy)}</a>${campaign.contactEmail ? ` · ${escapeHtml(t.contact(campaign.contactEmail))}` : ''}</p></footer>`
    : '';
  // No action attribute: the form posts to the page's own address, token and language included.
  const form = page.button ? `<form method="post"><button type="submit">${escapeHtml(page.button)}</button></form>` : '';
  const html = `<!doctype html>
<html lang="${page.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(page.title)}</h1>
${page.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${form}
${footer}</main></body></html>
`;
  c.header('Content-Security-Policy', PAGE_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Frame-Options', 'DENY');
  return c.html(html, status);
}
