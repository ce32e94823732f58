/**
 * The one place widgets talk to the SDK: one client per relay, shared by
 * every widget on the page, so the offline queue is replayed once.
 */
import { createClient, hashNoticeText, messageFor, type Receipt, relay, type SubmitResult, type TractClient } from '@tract/sdk';
import type { ActionKind, BotSignals, FieldIssue } from '@tract/sdk/schema';
import type { ChallengeSolver } from './challenge.js';
import { solveChallengePayload } from './challenge.js';

const clients = new Map<string, TractClient>();

/** The page's client for the relay at `endpoint`. */
export function clientFor(endpoint: string): TractClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = createClient({ backend: relay({ url: endpoint, solveChallenge: solveChallengePayload }) });
    clients.set(endpoint, client);
  }
  return client;
}

export interface SubmitContext {
  endpoint: string;
  locale: string;
  bot: BotSignals;
  /** The form's pre-solved challenges; without one the SDK fetches and solves at send time. */
  solver: ChallengeSolver | undefined;
}

/** Validated input of `kind`, sent through the page's client. Throws the SDK's typed errors. */
export async function submitAction(kind: ActionKind, input: Record<string, unknown>, context: SubmitContext): Promise<SubmitResult> {
  const client = clientFor(context.endpoint);
  const challenge = await context.solver?.take().catch(() => undefined);
  const options = { bot: challenge ? { ...context.bot, challenge } : context.bot };
  switch (kind) {
    case 'signup':
      return client.signup(input as never, options);
    case 'petition_signature':
      return client.signPetition(input as never, options);
    case 'rsvp':
      return client.rsvp(input as never, options);
    case 'donation':
      return client.donate(input as never, options);
    default:
      throw new Error(`Widgets do not submit ${kind} actions.`);
  }
}

/** Resolves with the receipt once the queued submission `id` is delivered. */
export function whenDelivered(endpoint: string, id: string): Promise<Receipt> {
  const client = clientFor(endpoint);
  return new Promise((resolve) => {
    const stop = client.on('sent', (sent) => {
      if (sent.id !== id) return;
      stop();
      resolve(sent.receipt);
    });
  });
}

/** The `sha256:` fingerprint of a consent text exactly as shown. */
export const hashConsentText = hashNoticeText;

/** An issue's message in `locale`, by its stable code (the relay may have answered in another language). */
export function issueMessage(issue: FieldIssue, locale: string): string {
  return messageFor(issue.code, locale, issue.params);
}
