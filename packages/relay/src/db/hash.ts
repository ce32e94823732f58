/** Plain hashes, for values that are secret by themselves (tokens) or hold no personal data (request bodies). */
import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
