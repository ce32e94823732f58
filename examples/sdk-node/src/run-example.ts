/**
 * What the example does: one client, three actions a campaign's own server
 * might post on behalf of its supporters (a signup, a petition signature and
 * an RSVP), each validated by the SDK before it leaves the process.
 */
import { createClient, hashNoticeText, relay, type SubmitResult } from '@tract/sdk';
import { solveRelayChallenge } from './solve-challenge.js';

export interface ExampleOptions {
  /** The relay's base URL, e.g. `http://localhost:8787` for `npm start`. */
  relayUrl: string;
  /** A petition and an event the relay knows (the demo's by default). */
  petitionId?: string;
  eventId?: string;
  /** Where progress lines go. */
  log?: (line: string) => void;
}

export interface ExampleResults {
  signup: SubmitResult;
  petitionSignature: SubmitResult;
  rsvp: SubmitResult;
}

/** The consent checkbox text the person saw, exactly as shown: its hash is the proof. */
const EMAIL_NOTICE_FR = "J'accepte de recevoir les courriels de la campagne. Je peux me désinscrire à tout moment.";

export async function runExample(options: ExampleOptions): Promise<ExampleResults> {
  const log = options.log ?? (() => undefined);
  // No offline queue on a server: a network failure should fail the job, which the job runner retries.
  const client = createClient({
    backend: relay({ url: options.relayUrl, solveChallenge: solveRelayChallenge }),
    queue: false,
    locale: 'fr',
  });
  client.on('retrying', ({ kind, attempt, delayMs }) => log(`${kind}: attempt ${attempt} failed, retrying in ${delayMs} ms`));
  try {
    const person = { givenName: 'Camille', familyName: 'Martin', email: `camille.${Date.now()}@example.fr`, language: 'fr' };
    const emailConsent = {
      purpose: 'email' as const,
      granted: true as const,
      textVersion: 'newsletter-2026-11',
      textHash: await hashNoticeText(EMAIL_NOTICE_FR),
      language: 'fr',
    };

    const signup = await client.signup({ person, consent: [emailConsent], source: { utmSource: 'sdk-node-example' } });
    log(`signup: ${describe(signup)}`);

    const petitionSignature = await client.signPetition({
      petitionId: options.petitionId ?? 'sauvons-la-riviere',
      person,
      comment: 'La rivière appartient à tout le monde.',
      consent: [],
    });
    log(`petition signature: ${describe(petitionSignature)}`);

    const rsvp = await client.rsvp({ eventId: options.eventId ?? 'reunion-publique', person, guests: 1, consent: [] });
    log(`rsvp: ${describe(rsvp)}`);

    return { signup, petitionSignature, rsvp };
  } finally {
    await client.close();
  }
}

function describe(result: SubmitResult): string {
  if (result.status !== 'sent') return `queued (id ${result.id})`;
  // With double opt-in, the relay counts the action once the person confirms with the link it mailed them.
  const waiting = result.receipt.confirmation === 'email' ? ', waiting for the person to confirm by email' : '';
  return `${result.receipt.status}${waiting} (id ${result.id})`;
}
