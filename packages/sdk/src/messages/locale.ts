/**
 * Which locale applies, and its messages loaded on demand: a browser page
 * downloads the one language it shows, not every language the SDK ships.
 */
import type { IssueMessages } from './types.js';

/** Locales shipped with the SDK. */
export type Locale = 'en' | 'fr';

/** Picks `fr` for any French tag (`fr-CA`), English otherwise. */
export function resolveLocale(tag: string | undefined | null): Locale {
  return tag?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The issue messages of the locale `tag` resolves to, imported the first time they are needed. */
export async function loadIssueMessages(tag: string | undefined | null): Promise<IssueMessages> {
  return resolveLocale(tag) === 'fr' ? (await import('./fr.js')).fr : (await import('./en.js')).en;
}
