/**
 * The proof-of-work challenge (ALTCHA v2, altcha-lib 2.8.0, PBKDF2/SHA-256):
 * cheap for one person's browser, costly for a bot sending thousands. A
 * solution is accepted once, until its challenge expires.
 */
import { type Challenge, createChallenge, type Payload, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';

export interface ChallengeSettings {
  cost: number;
  maxCounter: number;
  expiresInSeconds: number;
  /** HMAC key signing challenges (from `TRACT_CHALLENGE_SECRET`). */
  secret: string;
}

/** A verified solution: `signature` identifies it in the spent list until `expiresAt`. */
export interface VerifiedChallenge {
  signature: string;
  expiresAt: Date;
  /** The PBKDF2 iterations per attempt it was issued with (signed, so the solver cannot lower it). */
  cost: number;
}

/** Issues a fresh signed challenge; `cost` (default: the configured one) is what a hot form raises. */
export async function issueChallenge(settings: ChallengeSettings, now = Date.now(), cost = settings.cost): Promise<Challenge> {
  return createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost,
    counter: randomInt(settings.maxCounter),
    deriveKey,
    expiresAt: Math.floor(now / 1000) + settings.expiresInSeconds,
    hmacSignatureSecret: settings.secret,
    // Signing the derived key lets verification check one HMAC instead of re-deriving the key.
    hmacKeySignatureSecret: keySecret(settings.secret),
  });
}

function keySecret(secret: string): string {
  return `${secret}:derived-key`;
}

/**
 * Checks a `bot.challenge` payload (base64 JSON `{challenge, solution}`). Returns
 * undefined when it is missing, malformed, tampered, expired or wrong; whether it
 * was already spent is for the caller to check against storage.
 */
export async function verifyChallengePayload(
  settings: ChallengeSettings,
  encoded: string | undefined,
): Promise<VerifiedChallenge | undefined> {
  if (!encoded) return undefined;
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Payload;
  } catch {
    return undefined;
  }
  const challenge = payload?.challenge;
  const parameters = challenge?.parameters;
  if (!parameters || typeof challenge.signature !== 'string' || !payload.solution) return undefined;
  if (parameters.algorithm !== CHALLENGE_ALGORITHM || typeof parameters.expiresAt !== 'number' || typeof parameters.cost !== 'number') {
    return undefined;
  }
  try {
    const result = await verifySolution({
      challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: settings.secret,
      hmacKeySignatureSecret: keySecret(settings.secret),
    });
    if (!result.verified) return undefined;
  } catch {
    return undefined;
  }
  return { signature: challenge.signature, expiresAt: new Date(parameters.expiresAt * 1000), cost: parameters.cost };
}
