/** The links messages carry: to confirm (single use, expiring) and to unsubscribe (for the life of the campaign). */
import type { HashKey } from '../db/hash-key.js';
import type { Locale } from '../http/messages.js';
import { unsubscribeToken } from './tokens.js';

/** The paths the links open; pages there work without JavaScript. */
export const CONFIRM_PATH = '/v1/confirm';
export const UNSUBSCRIBE_PATH = '/v1/unsubscribe';

function link(publicUrl: string, path: string, token: string, locale: Locale): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}?token=${encodeURIComponent(token)}&lang=${locale}`;
}

export function confirmUrl(publicUrl: string, token: string, locale: Locale): string {
  return link(publicUrl, CONFIRM_PATH, token, locale);
}

export function unsubscribeUrl(publicUrl: string, hashKey: HashKey, emailHash: string, locale: Locale): string {
  return link(publicUrl, UNSUBSCRIBE_PATH, unsubscribeToken(hashKey, emailHash), locale);
}
