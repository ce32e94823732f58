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

const loading = new Map<Locale, Promise<IssueMessages>>();

/** The issue messages of the locale `tag` resolves to, imported the first time they are needed. */
export function loadIssueMessages(tag: string | undefined | null): Promise<IssueMessages> {
  const locale = resolveLocale(tag);
  let messages = loading.get(locale);
  if (!messages) {
    messages = locale === 'fr' ? import('./fr.js').then((module) => module.fr) : import('./en.js').then((module) => module.en);
    loading.set(locale, messages);
    // A failed import (the network dropped) is forgotten, so the next call tries again.
    messages.catch(() => loading.delete(locale));
  }
  return messages;
}
