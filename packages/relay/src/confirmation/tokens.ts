/**
 * The secrets in confirmation and unsubscribe links. A confirmation token is
 * 256 random bits, stored only as its SHA-256: the database alone cannot
 * confirm anything. An unsubscribe link carries the person's keyed email hash
 * and a MAC over it, so it works for the life of the campaign without a row
 * per message, and cannot be made up for another address without the key.
 */
import { randomBytes } from 'node:crypto';
import { sha256 } from '../db/hash.js';
import type { HashKey } from '../db/hash-key.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UNSUBSCRIBE = /^([0-9a-f]{64})\.([0-9a-f]{64})$/;

/** A new confirmation token and the hash stored in its place. */
export function newConfirmationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: sha256(token) };
}

/** The stored hash of a token from a link, or undefined when it cannot be one of ours. */
export function confirmationTokenHash(token: string | undefined): string | undefined {
  return token !== undefined && TOKEN.test(token) ? sha256(token) : undefined;
}

/** The token of the unsubscribe link of the person with this keyed email hash. */
export function unsubscribeToken(hashKey: HashKey, emailHash: string): string {
  return `${emailHash}.${hashKey.mac('unsubscribe', emailHash)}`;
}

/** The keyed email hash an unsubscribe token stands for, when its MAC is right. */
export function emailHashOfUnsubscribeToken(hashKey: HashKey, token: string | undefined): string | undefined {
  const match = token === undefined ? null : UNSUBSCRIBE.exec(token);
  if (!match || !hashKey.verifyMac('unsubscribe', match[1]!, match[2]!)) return undefined;
  return match[1];
}
