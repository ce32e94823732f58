/** Hashes used where the relay must recognise a value without keeping it. */
import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The hash an email is known by in tombstones and the suppression list.
 * Case-folded so `Camille@Example.fr` and `camille@example.fr` match.
 */
export function hashEmail(email: string): string {
  return sha256(email.trim().toLowerCase());
}
