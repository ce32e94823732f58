/**
 * The relay's proof of work, solved in Node with altcha-lib (the SDK has no
 * proof-of-work code of its own: it takes a solver).
 */
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/** `relay({ solveChallenge })`: solves the body of `GET /v1/challenge` into the `bot.challenge` payload. */
export async function solveRelayChallenge(challenge: unknown, signal?: AbortSignal): Promise<string> {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const solution = await solveChallenge({ challenge: challenge as Challenge, deriveKey, controller });
  if (!solution) throw new Error('The relay challenge could not be solved before it expired; try again.');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}
