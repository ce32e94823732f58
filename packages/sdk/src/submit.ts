/** One call of `client.signup()` and its siblings: validate, send with retries, queue on network failure. */
import type { Receipt } from './backend.js';
import { TractError, TractNetworkError, TractRejectedError, TractValidationError } from './errors.js';
import { loadIssueMessages, resolveLocale } from './messages/locale.js';
import { type ClientRuntime, isOffline, sendAction } from './runtime.js';
import type { ActionKind, BotSignals, TractAction } from './schema/envelope.js';
import { validateActionOnDemand } from './schema/on-demand.js';

/** Per-call options of `signup()`, `signPetition()`, `rsvp()`, `donate()` and `logContact()`. */
export interface SubmitOptions {
  /** Bot signals for public relay endpoints (see PROTOCOL.md); ignored by CRM backends. */
  bot?: BotSignals;
  /** Cancels the submission: waits and requests stop, nothing is queued, the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The submission's id (a UUID, sent as `Idempotency-Key`), for a caller that
   * keeps its own durable record and may submit the same thing again after a
   * restart: the backend then answers the first result instead of storing it
   * twice. Omitted, the client mints one with `crypto.randomUUID()`.
   */
  id?: string;
}

/**
 * What a submission became. `sent`: the backend accepted it (`receipt.status`
 * says how: `accepted`, `waitlisted`, `pending` with a `checkoutUrl`...).
 * `queued`: the network failed, so it waits in the offline queue and is
 * replayed later with the same `id`; `expiresAt` (epoch ms) is when it is
 * dropped if still undelivered. Refusals and validation failures throw.
 */
export type SubmitResult = { status: 'sent'; id: string; receipt: Receipt } | { status: 'queued'; id: string; expiresAt: number };

const INVALID_SUMMARY = { en: 'The submission has invalid fields.', fr: 'Le formulaire contient des champs non valides.' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * Puts a submission the network could not take into the offline queue. If the
 * queue itself fails (storage full, IndexedDB blocked by the browser), the
 * submission cannot be kept: it fails with the network error that brought it
 * here, the storage error as its cause, so the caller can ask the person to retry.
 */
async function enqueue(
  runtime: ClientRuntime,
  action: TractAction,
  bot: BotSignals | undefined,
  reason: TractNetworkError,
): Promise<SubmitResult> {
  const queue = runtime.queue as NonNullable<ClientRuntime['queue']>;
  const queuedAt = Date.now();
  const expiresAt = queuedAt + runtime.queueExpiryMs;
  // A challenge is spent once the relay has seen it and stale by replay time: the replay solves a new one.
  const replayBot = bot && { honeypot: bot.honeypot, fillMs: bot.fillMs };
  try {
    await queue.add({ action, ...(replayBot && { bot: replayBot }), queuedAt, expiresAt });
  } catch (storageError) {
    const error = new TractNetworkError({
      code: reason.code,
      message: `${reason.message} It could not be kept for later either: the offline queue failed (${String(storageError)}).`,
      cause: storageError,
    });
    runtime.events.emit('failed', { id: action.id, kind: action.kind, error, replayed: false });
    throw error;
  }
  runtime.events.emit('queued', { id: action.id, kind: action.kind, expiresAt });
  return { status: 'queued', id: action.id, expiresAt };
}

/**
 * Validates `input` as a `kind` action, then delivers it. Throws
 * `TractValidationError` before sending anything, `TractRejectedError` when the
 * backend refuses, `TractNetworkError` when the network fails and there is no
 * queue; otherwise resolves with a `SubmitResult`.
 */
export async function submitAction<K extends ActionKind>(
  runtime: ClientRuntime,
  kind: K,
  input: unknown,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  if (runtime.lifetime.aborted)
    throw new TractError('client_closed', 'This Tract client was closed: create a new one with createClient().');
  // Only this kind's schema and the client's language are downloaded, the first time they are used.
  const validation = await validateActionOnDemand(kind, input, runtime.locale);
  const issues = validation.ok ? [] : validation.issues;
  if (options.id !== undefined && !UUID.test(options.id))
    issues.push({ path: 'id', code: 'invalid_id', message: (await loadIssueMessages(runtime.locale)).invalid_id({}) });
  if (!validation.ok || issues.length > 0) throw new TractValidationError(issues, INVALID_SUMMARY[resolveLocale(runtime.locale)]);

  const action = {
    id: options.id ?? crypto.randomUUID(),
    kind,
    submittedAt: new Date().toISOString(),
    data: validation.data,
  } as TractAction;
  if (runtime.queue && isOffline())
    return enqueue(runtime, action, options.bot, new TractNetworkError({ code: 'offline', message: 'The browser is offline.' }));

  const signal = options.signal ? AbortSignal.any([options.signal, runtime.lifetime]) : runtime.lifetime;
  try {
    const receipt = await sendAction(runtime, action, options.bot, signal);
    runtime.events.emit('sent', { id: action.id, kind, receipt, replayed: false });
    return { status: 'sent', id: action.id, receipt };
  } catch (error) {
    if (error instanceof TractNetworkError && runtime.queue && !signal.aborted) return enqueue(runtime, action, options.bot, error);
    if (error instanceof TractRejectedError || error instanceof TractNetworkError) {
      runtime.events.emit('failed', { id: action.id, kind, error, replayed: false });
    }
    throw error;
  }
}
