/**
 * The "inform this person" notice (GDPR art. 14): a person clipped without
 * their consent must be told, within a month, who holds their data, where it
 * came from, how long it is kept and how to object. The organizer gets the
 * text ready to send, in French and English, whatever the panel's language.
 */
import type { Contact } from '@tract/sdk/schema';
import { type Locale, translator } from './i18n/translate.js';

/** Clipped contacts without consent are kept 6 months unless converted (privacy rule 7). */
export const CONTACT_RETENTION_MONTHS = 6;

const NETWORK_NAMES: Record<Contact['network'], string> = {
  x: 'X (Twitter)',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  youtube: 'YouTube',
  tiktok: 'TikTok',
};

/** The network's name as people know it. */
export function networkName(network: Contact['network']): string {
  return NETWORK_NAMES[network];
}

/**
 * When the relay will delete the contact unless converted, as the extension
 * estimates it before the relay answers with its own `retainUntil`.
 */
export function estimatedRetainUntil(capturedAt: string): Date {
  const date = new Date(capturedAt);
  date.setUTCMonth(date.getUTCMonth() + CONTACT_RETENTION_MONTHS);
  return date;
}

/** A date as people write it in that language (`29 mai 2027`, `May 29, 2027`). */
export function formatDate(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(date));
}

/**
 * The notice to send the person, naming the source of their data.
 * @param team who holds the data (the team name the relay gave the organizer's token)
 * @param retainUntil the relay's deletion date, or the estimate
 */
export function informNotice(contact: Contact, team: string, retainUntil: Date | string, locale: Locale): string {
  const t = translator(locale);
  return t(
    'noticeText',
    contact.displayName,
    team || t('noticeTeamFallback'),
    networkName(contact.network),
    contact.sourcePageUrl,
    formatDate(contact.capturedAt, locale),
    formatDate(retainUntil, locale),
  );
}
