/** Translated validation messages, keyed by stable issue code. */
import type { IssueCode } from '../schema/codes.js';
import { en } from './en.js';
import { fr } from './fr.js';
import type { IssueMessages, MessageParams } from './types.js';

export type { IssueMessages, MessageParams } from './types.js';

/** Locales shipped with the SDK. */
export const issueMessages = { en, fr } satisfies Record<string, IssueMessages>;
export type Locale = keyof typeof issueMessages;

/** Picks `fr` for any French tag (`fr-CA`), English otherwise. */
export function resolveLocale(tag: string | undefined | null): Locale {
  return tag?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The message for `code` in `locale`. */
export function messageFor(code: IssueCode, locale: string = 'en', params: MessageParams = {}): string {
  return issueMessages[resolveLocale(locale)][code](params);
}
