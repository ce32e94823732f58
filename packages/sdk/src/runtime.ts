/** What a client's submissions and replays share: its backend, policy, queue and events. */
import type { Backend, Receipt } from './backend.js';
import { deliverWithRetries } from './delivery.js';
import type { ClientEventEmitter } from './events.js';
import type { OfflineQueue } from './queue/types.js';
import type { RetryPolicy } from './retry.js';
import type { BotSignals, TractAction } from './schema/envelope.js';

export interface ClientRuntime {
  backend: Backend;
  policy: RetryPolicy;
  queue: OfflineQueue | undefined;
  events: ClientEventEmitter;
  locale: string;
  fetch: typeof fetch | undefined;
  queueExpiryMs: number;
  /** Aborted by `client.close()`: stops waits and requests in flight. */
  lifetime: AbortSignal;
}

/** True only when the browser knows it is offline; runtimes without `navigator.onLine` are assumed online. */
export function isOffline(): boolean {
  return globalThis.navigator?.onLine === false;
}

/** Sends one action with retries, its id as the Idempotency-Key, reporting each retry as a `retrying` event. */
export function sendAction(
  runtime: ClientRuntime,
  action: TractAction,
  bot: BotSignals | undefined,
  signal: AbortSignal,
): Promise<Receipt> {
  const context = { idempotencyKey: action.id, signal, bot, locale: runtime.locale, fetch: runtime.fetch };
  return deliverWithRetries(runtime.backend, action, context, runtime.policy, (attempt, delayMs, error) =>
    runtime.events.emit('retrying', { id: action.id, kind: action.kind, attempt, delayMs, error }),
  );
}
