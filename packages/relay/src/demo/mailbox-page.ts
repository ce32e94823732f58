/**
 * `/demo-mailbox` (demo only): every message the demo's in-process SMTP
 * server received, newest first, with its links, so a new user can open the
 * confirmation link of the signup they just made. A real relay sends these to
 * people's own inboxes and has no such page.
 */
import type { Context } from 'hono';
import { escapeHtml } from '../pages/page.js';
import type { Mailbox, ReceivedMail } from './mailbox.js';

export const MAILBOX_PATH = '/demo-mailbox';

/** The text of a message with its links clickable. */
function linkedText(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"]+)/g)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

function renderMail(mail: ReceivedMail): string {
  return `<article>
<h2>${escapeHtml(mail.subject)}</h2>
<p>${escapeHtml(mail.receivedAt.toISOString().replace('T', ' ').slice(0, 19))} UTC · ${escapeHtml(mail.from)} → ${escapeHtml(mail.to.join(', '))}</p>
<pre>${linkedText(mail.text)}</pre>
</article>`;
}

/** Answers the mailbox page. It refreshes itself every 5 seconds (a meta refresh: no script). */
export function mailboxPage(c: Context, mailbox: Mailbox): Response {
  const messages = [...mailbox.messages].reverse();
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Boîte mail de démonstration / Demo mailbox</title></head>
<body><main>
<h1>Boîte mail de démonstration / Demo mailbox</h1>
<p lang="fr">Les messages que le relais envoie (confirmations, désabonnement) arrivent ici pendant la démo, au lieu de la boîte des personnes.</p>
<p lang="en">The messages the relay sends (confirmations, unsubscribe links) land here during the demo, instead of people's own inboxes.</p>
${messages.length === 0 ? '<p>(vide / empty)</p>' : messages.map(renderMail).join('\n<hr>\n')}
</main></body></html>
`;
  c.header('Content-Security-Policy', "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return c.html(html);
}
