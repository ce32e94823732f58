/**
 * A confirmation message, ready for nodemailer: the campaign's name in the
 * subject, a plain-text part and an HTML part saying the same, the legal
 * footer (who the controller is, the privacy policy, how to unsubscribe),
 * and the one-click unsubscribe headers of RFC 8058, which mail clients show
 * as an "Unsubscribe" button.
 */
import type { SendMailOptions } from 'nodemailer';
import type { PersonColumns } from '../confirmation/person-fields.js';
import { CONFIRMATION_TEXTS, type Subject } from '../confirmation/texts.js';
import type { Locale } from '../http/messages.js';
import { escapeHtml } from '../pages/page.js';
import type { CampaignConfig } from './config.js';

export interface ConfirmationMessage {
  to: string;
  locale: Locale;
  subject: Subject;
  /** The fields of the record that confirming would change (what a details message is about). */
  fields: readonly (keyof PersonColumns)[];
  confirmUrl: string;
  unsubscribeUrl: string;
}

export interface MessageSettings {
  from: string;
  campaign: CampaignConfig;
  linkHours: number;
  unconfirmedDays: number;
}

/** Composes the message `message` describes. */
export function composeConfirmation(settings: MessageSettings, message: ConfirmationMessage): SendMailOptions {
  const t = CONFIRMATION_TEXTS[message.locale];
  const { campaign } = settings;
  const heading = t.heading(message.subject, campaign.name);
  const also = message.subject.purpose === 'action' && message.fields.length > 0 ? ` ${t.alsoSaves(message.fields)}` : '';
  const why = `${t.why(message.subject, campaign.name, message.fields)}${also}`;
  const open = t.openLink(settings.linkHours);
  const ignore = t.ignore(message.subject, settings.unconfirmedDays);
  return campaignMessage(settings, message, {
    subject: heading,
    text: [why, '', open, message.confirmUrl, '', ignore],
    html: `<p>${escapeHtml(why)}</p>
<p>${escapeHtml(open)}</p>
<p><a href="${escapeHtml(message.confirmUrl)}" style="display: inline-block; padding: 0.6rem 1.2rem; background: #1d4ed8; color: #ffffff; border-radius: 0.3rem; text-decoration: none">${escapeHtml(t.confirmButton)}</a></p>
<p style="font-size: 0.9rem; word-break: break-all">${escapeHtml(message.confirmUrl)}</p>
<p>${escapeHtml(ignore)}</p>`,
  });
}

/** What a campaign message says above its footer: the subject, the text's lines, and the same as HTML paragraphs. */
export interface MessageContent {
  subject: string;
  text: string[];
  html: string;
}

/**
 * A message from the campaign to one person: `content`, then the legal
 * footer (who the controller is, the privacy policy, the contact address, how
 * to unsubscribe) in the text and the HTML part, and the one-click
 * unsubscribe headers of RFC 8058.
 */
export function campaignMessage(
  settings: { from: string; campaign: CampaignConfig },
  recipient: { to: string; locale: Locale; unsubscribeUrl: string },
  content: MessageContent,
): SendMailOptions {
  const t = CONFIRMATION_TEXTS[recipient.locale];
  const { campaign } = settings;
  const unsubscribe = t.unsubscribeHeading(campaign.name);
  const legal = [t.controller(campaign.controller), t.labelled(t.privacyPolicy, campaign.privacyUrl)];
  if (campaign.contactEmail) legal.push(t.contact(campaign.contactEmail));
  const text = [...content.text, '', '-- ', campaign.name, ...legal, t.labelled(unsubscribe, recipient.unsubscribeUrl), ''].join('\n');
  const html = `<!doctype html>
<html lang="${recipient.locale}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 0 auto; padding: 1rem; color: #1a1a1a">
${content.html}
<hr>
<p style="font-size: 0.85rem; color: #4a4a4a">${escapeHtml(campaign.name)}<br>${escapeHtml(t.controller(campaign.controller))}<br>
<a href="${escapeHtml(campaign.privacyUrl)}">${escapeHtml(t.privacyPolicy)}</a>${campaign.contactEmail ? `<br>${escapeHtml(t.contact(campaign.contactEmail))}` : ''}<br>
<a href="${escapeHtml(recipient.unsubscribeUrl)}">${escapeHtml(unsubscribe)}</a></p>
</body></html>
`;
  return {
    from: settings.from,
    to: recipient.to,
    ...(campaign.contactEmail ? { replyTo: campaign.contactEmail } : {}),
    subject: content.subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${recipient.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // A message a person's action triggered: no vacation auto-replies to it (RFC 3834).
      'Auto-Submitted': 'auto-generated',
      'Content-Language': recipient.locale,
    },
  };
}
