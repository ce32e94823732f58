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
  /** For donation pledges: the public status id to ask `pledgeStatus` with (it names nothing personal). */
  statusId?: string;
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
 * A payment the provider confirmed for a donation pledge, forwarded by the
 * relay's outbox as its own event: `donation.paid` once its first payment is
 * confirmed, `donation.refunded` once it is refunded in full.
 */
export interface DonationPaymentEvent {
  /** Unique per event, identical on every retry of its delivery: what receivers dedupe on. */
  id: string;
  kind: 'donation.paid' | 'donation.refunded';
  /** When the relay recorded it (ISO 8601 UTC). */
  occurredAt: string;
  /** The pledge: the donation action's id (what was forwarded as the donation). */
  donationId: string;
  /** The pledge's state when the event was queued. */
  payment: {
    provider: 'stripe' | 'helloasso';
    /** The provider's payment reference (Stripe PaymentIntent, HelloAsso order), when known. */
    reference: string | null;
    currency: string;
    recurrence: string;
    /** Minor units, summed over every confirmed payment (each instalment of a monthly gift), and refunded. */
    paidTotal: number;
    refundedTotal: number;
  };
  /** The donation as pledged, so a receiver that missed the pledge can still record it. */
  donation: TractAction<'donation'>;
}

/**
 * A destination for actions. `send` resolves with a receipt, or throws
 * `TractRejectedError` (permanent) or `TractNetworkError` (retryable).
 */
export interface Backend {
  /** Short name for logs and errors: `relay`, `actionnetwork`, `nationbuilder`, `webhook`. */
  readonly name: string;
  send(action: TractAction, context: SendContext): Promise<Receipt>;
  /**
   * Records a confirmed payment or refund where the destination has a place
   * for it; absent when it has none (the relay then gives the event up, saying so).
   */
  sendPaymentEvent?(event: DonationPaymentEvent, context: SendContext): Promise<Receipt>;
}
