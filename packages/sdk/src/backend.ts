/**
 * The contract between the client (or the relay's outbox) and a place that
 * accepts actions: the Tract relay, a CRM, a webhook.
 */
import type { BotSignals, TractAction } from './schema/envelope.js';

/** What a backend answers once it has accepted an action. */
export interface Receipt {
  /** The action id (the Idempotency-Key). */
  id: string;
  status: 'accepted' | 'waitlisted' | 'pending' | 'delivered';
  /** For donation pledges: where the donor pays. */
  checkoutUrl?: string;
  /** For social contacts: when the relay deletes it unless converted. */
  retainUntil?: string;
  /** `email` when the action counts only once the person confirms it with the link mailed to them (double opt-in). */
  confirmation?: 'email';
  /** The id the CRM gave the record, when it gives one. */
  remoteId?: string;
}

export interface SendContext {
  /** Client-generated UUID, identical on every retry of the same action. */
  idempotencyKey: string;
  /** Aborts the request (client timeouts, shutdown). */
  signal?: AbortSignal;
  /** Bot signals for public relay endpoints; never forwarded to a CRM. */
  bot?: BotSignals;
  /** Language for error messages the backend may produce. */
  locale?: string;
  /** The `fetch` to use (the client's `fetch` option); backends fall back to `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/**
 * A destination for actions. `send` resolves with a receipt, or throws
 * `TractRejectedError` (permanent) or `TractNetworkError` (retryable).
 */
export interface Backend {
  /** Short name for logs and errors: `relay`, `actionnetwork`, `nationbuilder`, `webhook`. */
  readonly name: string;
  send(action: TractAction, context: SendContext): Promise<Receipt>;
}
