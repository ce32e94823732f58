/** Translated validation messages, keyed by stable issue code. */
import type { IssueCode } from '../schema/codes.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { type Locale, resolveLocale } from './locale.js';
import type { IssueMessages, MessageParams } from './types.js';

export { type Locale, loadIssueMessages, resolveLocale } from './locale.js';
export type { IssueMessages, MessageParams } from './types.js';

/** Every locale's messages, loaded at once (servers, and code that must translate synchronously). */
export const issueMessages = { en, fr } satisfies Record<Locale, IssueMessages>;

/** The message for `code` in `locale`. */
export function messageFor(code: IssueCode, locale: string = 'en', params: MessageParams = {}): string {
  return issueMessages[resolveLocale(locale)][code](params);
}
