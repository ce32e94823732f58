/**
 * Everything a form needs from the SDK, in one module the form foundation
 * imports with `import()` after its first render: showing a form never waits
 * for the client, zod or the proof-of-work solver. One client per relay,
 * shared by every widget on the page, so the offline queue is replayed once.
 */
import {
  createClient,
  hashNoticeText,
  loadIssueMessages,
  preloadValidation,
  type Receipt,
  relay,
  type SubmitResult,
  type TractClient,
} from '@tract/sdk';
import { type ActionKind, type BotSignals, type FieldIssue, validateActionOnDemand } from '@tract/sdk/schema';
import { solveChallengePayload } from './challenge.js';

export { ChallengeSolver } from './challenge.js';
export { diagnoseRelay } from './relay-problems.js';

const clients = new Map<string, TractClient>();

/**
 * The page's client for the relay at `endpoint`, speaking `locale` (the first
 * form's: the client validates again before sending, and must find its
 * messages already loaded when the network is gone).
 */
function clientFor(endpoint: string, locale = 'en'): TractClient {
  let client = clients.get(endpoint);
  if (!client) {
    // Each form preloads its own kind (`prepareFor`): the client fetches no other schema ahead of time.
    client = createClient({ backend: relay({ url: endpoint, solveChallenge: solveChallengePayload }), actions: [], locale });
    clients.set(endpoint, client);
  }
  return client;
}

/**
 * Gets a form of `kind` ready: creates the page's client for `endpoint` (which
 * replays what an earlier visit left in the offline queue) and fetches the
 * schema and messages the form validates with, so a person who loses the
 * network after the page loaded can still submit and have it queued.
 */
export async function prepareFor(endpoint: string, kind: ActionKind, locale: string, element?: HTMLElement): Promise<void> {
  clientFor(endpoint, locale);
  // A donor back from the checkout: the return view is a chunk of its own, fetched only then.
  if (kind === 'donation' && element && location.search.includes('tract_pledge=')) {
    void import('./pledge-return.js').then((module) => module.showPledgeReturn(element, endpoint, locale));
  }
  await preloadValidation([kind], locale);
}

/** Validates a form's input as the SDK will, with messages in `locale`. */
export const validateInput = validateActionOnDemand;

export interface SubmitContext {
  endpoint: string;
  locale: string;
  bot: BotSignals;
  /** The form's solved challenge; without one (offline), the client fetches one when it replays. */
  challenge: string | undefined;
}

/** Validated input of `kind`, sent through the page's client. Throws the SDK's typed errors. */
export async function submitAction(kind: ActionKind, input: Record<string, unknown>, context: SubmitContext): Promise<SubmitResult> {
  const client = clientFor(context.endpoint, context.locale);
  const { challenge } = context;
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

/** Issues worded in `locale` by their stable codes (the relay may have answered in another language). */
export async function localizeIssues(issues: readonly FieldIssue[], locale: string): Promise<FieldIssue[]> {
  if (issues.length === 0) return [];
  const messages = await loadIssueMessages(locale);
  return issues.map((issue) => ({ ...issue, message: messages[issue.code](issue.params ?? {}) }));
}
