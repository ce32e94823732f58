/**
 * `createClient()`: the object a site or a server submits supporters' actions
 * through. This module only wires the parts together; validation and sending
 * live in `submit.ts`, replays in `replay.ts`, backoff in `retry.ts`, storage
 * in `queue/`.
 */
import type { Backend } from './backend.js';
import { ClientEventEmitter, type ClientEventListener, type ClientEventName } from './events.js';
import { indexedDbQueue } from './queue/indexeddb.js';
import { memoryQueue } from './queue/memory.js';
import type { OfflineQueue } from './queue/types.js';
import { type FlushResult, replayQueue } from './replay.js';
import { reportError } from './report.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry.js';
import type { ClientRuntime } from './runtime.js';
import type { ContactInput, DonationInput, FieldResultInput, PetitionSignatureInput, RsvpInput, SignupInput } from './schema/actions.js';
import type { ActionKind } from './schema/envelope.js';
import { preloadValidation } from './schema/on-demand.js';
import { type SubmitOptions, type SubmitResult, submitAction } from './submit.js';

export type { ClientEventListener, ClientEventName, ClientEvents } from './events.js';
export { type IndexedDbQueueOptions, indexedDbQueue } from './queue/indexeddb.js';
export { memoryQueue } from './queue/memory.js';
export type { OfflineQueue, QueuedSubmission } from './queue/types.js';
export type { FlushResult } from './replay.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { SubmitOptions, SubmitResult } from './submit.js';

/** 24 hours: how long a browser may hold an undelivered submission (privacy-and-compliance.md, retention). */
export const DEFAULT_QUEUE_EXPIRY_MS = 24 * 60 * 60 * 1000;

export interface ClientOptions {
  /** Where actions go: `relay({ url })`, or a CRM backend on a server. */
  backend: Backend;
  /**
   * Where submissions wait when the network fails. Default: IndexedDB where it
   * exists (browsers), memory otherwise (Node). `false`: no queue, so network
   * failures throw `TractNetworkError` after the retries.
   */
  queue?: OfflineQueue | false;
  /** Retry policy overrides; see `DEFAULT_RETRY_POLICY`. */
  retry?: Partial<RetryPolicy>;
  /** The `fetch` backends use (a proxy-aware one on servers, an instrumented one in tests). */
  fetch?: typeof fetch;
  /** Language of validation messages and of the backend's error messages: `en` (default) or `fr`. */
  locale?: string;
  /** How long a queued submission may wait before it is dropped unsent. Default 24 h. */
  queueExpiryMs?: number;
  /**
   * The kinds of action this client submits, e.g. `['signup']`. Their schemas
   * and the locale's messages are fetched as soon as the client exists, so an
   * action can still be validated and queued after the network drops; other
   * kinds are fetched at their first submission. Default: all five. A page
   * that names its kinds downloads only their schemas.
   */
  actions?: readonly ActionKind[];
}

/** A Tract client. Create one per page or process with `createClient()`. */
export interface TractClient {
  /** Adds a person to the campaign's list. */
  signup(input: SignupInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** Signs a petition (`input.petitionId`). */
  signPetition(input: PetitionSignatureInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** Answers an event invitation (`input.eventId`). */
  rsvp(input: RsvpInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** Records a donation pledge; the receipt's `checkoutUrl` is where the donor pays. */
  donate(input: DonationInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** Logs a person an organizer met on a social network (needs an organizer token on the relay). */
  logContact(input: ContactInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** A volunteer's call or visit result in field mode (the relay backend, with the volunteer's token). */
  recordFieldResult(input: FieldResultInput, options?: SubmitOptions): Promise<SubmitResult>;
  /** Replays the offline queue now; resolves once this replay is over. */
  flush(): Promise<FlushResult>;
  /** How many submissions wait in the offline queue. */
  pending(): Promise<number>;
  /** Listens to `queued`, `sent`, `retrying`, `failed` or `expired`; returns the function that stops listening. */
  on<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): () => void;
  /** Stops listening for `online`, aborts waits and requests in flight (their submissions stay queued), closes the queue. */
  close(): Promise<void>;
}

function defaultQueue(): OfflineQueue {
  return typeof indexedDB === 'undefined' ? memoryQueue() : indexedDbQueue();
}

/**
 * Creates a client. Each call validates its input first (throwing
 * `TractValidationError` with `{path, code, message}` per field in the client's
 * locale), then sends it with a fresh UUID as Idempotency-Key, retrying network
 * failures with backoff and queueing them when they persist.
 * @example
 * const client = createClient({ backend: relay({ url: 'https://relay.example.org' }), locale: 'fr' });
 * const result = await client.signup({ person: { email: 'camille@example.fr' }, consent: [] });
 */
export function createClient(options: ClientOptions): TractClient {
  const lifetime = new AbortController();
  const runtime: ClientRuntime = {
    backend: options.backend,
    policy: resolveRetryPolicy(options.retry),
    queue: options.queue === false ? undefined : (options.queue ?? defaultQueue()),
    events: new ClientEventEmitter(),
    locale: options.locale ?? 'en',
    fetch: options.fetch,
    queueExpiryMs: options.queueExpiryMs ?? DEFAULT_QUEUE_EXPIRY_MS,
    lifetime: lifetime.signal,
  };
  // Fetched now rather than at the first submit, which may come after the network is gone.
  preloadValidation(options.actions, runtime.locale).catch(reportError);
  const replays = new Set<Promise<FlushResult>>();
  const flush = () => {
    const replay = replayQueue(runtime);
    replays.add(replay);
    replay.then(
      () => replays.delete(replay),
      () => replays.delete(replay),
    );
    return replay;
  };
  const flushInBackground = () => {
    flush().catch(reportError);
  };
  const target = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
  target?.addEventListener('online', flushInBackground);
  // What an earlier page (or an earlier client) left in the queue goes out now.
  if (runtime.queue) flushInBackground();

  const submitter =
    <I>(kind: Parameters<typeof submitAction>[1]) =>
    (input: I, submitOptions?: SubmitOptions) =>
      submitAction(runtime, kind, input, submitOptions);

  return {
    signup: submitter<SignupInput>('signup'),
    signPetition: submitter<PetitionSignatureInput>('petition_signature'),
    rsvp: submitter<RsvpInput>('rsvp'),
    donate: submitter<DonationInput>('donation'),
    logContact: submitter<ContactInput>('contact'),
    recordFieldResult: submitter<FieldResultInput>('field_result'),
    flush,
    pending: async () => (runtime.queue ? runtime.queue.count() : 0),
    on: (event, listener) => runtime.events.on(event, listener),
    async close() {
      if (lifetime.signal.aborted) return;
      target?.removeEventListener('online', flushInBackground);
      lifetime.abort(new DOMException('The Tract client was closed.', 'AbortError'));
      await Promise.allSettled(replays);
      await runtime.queue?.close();
      runtime.events.clear();
    },
  };
}
