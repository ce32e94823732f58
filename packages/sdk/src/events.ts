/** The client's small typed event emitter: what happened to each submission, for UIs and logs. */
import type { Receipt } from './backend.js';
import type { TractNetworkError, TractRejectedError } from './errors.js';
import { reportError } from './report.js';
import type { ActionKind } from './schema/envelope.js';

/** Payload of each client event. Every payload names the submission by its `id` (the Idempotency-Key). */
export interface ClientEvents {
  /** A submission could not be delivered now and waits in the offline queue until `expiresAt` (epoch ms). */
  queued: { id: string; kind: ActionKind; expiresAt: number };
  /** The backend accepted a submission; `replayed` is true when it came from the offline queue. */
  sent: { id: string; kind: ActionKind; receipt: Receipt; replayed: boolean };
  /** A network failure; the same submission is tried again after `delayMs`. `attempt` is the attempt that failed (1 = first). */
  retrying: { id: string; kind: ActionKind; attempt: number; delayMs: number; error: TractNetworkError };
  /** The submission will never be delivered: the backend refused it, or the network failed and there is no queue. */
  failed: { id: string; kind: ActionKind; error: TractRejectedError | TractNetworkError; replayed: boolean };
  /** A queued submission outlived its expiry; it was dropped unsent. */
  expired: { id: string; kind: ActionKind; queuedAt: number; expiresAt: number };
}

export type ClientEventName = keyof ClientEvents;
export type ClientEventListener<E extends ClientEventName> = (payload: ClientEvents[E]) => void;

/** Subscribes listeners per event name and calls them synchronously, in subscription order. */
export class ClientEventEmitter {
  readonly #listeners = new Map<ClientEventName, Set<ClientEventListener<never>>>();

  /** Adds `listener` for `event`; returns the function that removes it. */
  on<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): () => void {
    const listeners = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, listeners);
    const entry = listener as ClientEventListener<never>;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  emit<E extends ClientEventName>(event: E, payload: ClientEvents[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as ClientEventListener<E>)(payload);
      } catch (error) {
        // A listener that throws must not break delivery or the other listeners.
        reportError(error);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
