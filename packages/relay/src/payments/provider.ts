/**
 * The payment-provider interface (`donations.provider`). A provider turns a
 * validated pledge into a checkout the donor is sent to; confirmation comes
 * later, through the provider's own webhook route (`routes/payments.ts`).
 * Secrets come from the environment only, never from the config file, and
 * never reach a browser.
 */
import type { Donation } from '@tract/sdk';
import type { PaymentProviderName } from '../db/schema.js';

export interface CheckoutRequest {
  /** The pledge's id (the action id): the provider's reference and metadata. */
  pledgeId: string;
  /** The public status id the return URLs carry. */
  publicId: string;
  donation: Donation;
  /** Payments the gift takes within its period (1 for one-off gifts). */
  instalments: number;
  /** The page the donor gave from, where success and cancel bring them back. */
  returnUrl: string;
  locale: string;
  now: Date;
}

export interface Checkout {
  /** Where the widget sends the donor. */
  url: string;
  /** The provider's checkout id (Checkout Session, checkout intent); null for `redirect`. */
  checkoutRef: string | null;
  /** When the checkout closes unpaid; null: never known. */
  expiresAt: Date | null;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Creates the checkout, or throws `PaymentProviderError`: nothing is stored then. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
}

/** The provider failed or refused (network, 5xx, 429 past the retries, a bad key): the pledge is not stored. */
export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
  constructor(
    readonly provider: PaymentProviderName,
    readonly reason: string,
  ) {
    super(`${provider}: ${reason}`);
  }
}

/** Where the donor comes back: `tract_pledge` carries the public status id, `tract_return=cancel` a cancelled checkout. */
export function returnUrls(returnUrl: string, publicId: string): { success: string; cancel: string } {
  const success = new URL(returnUrl);
  success.hash = '';
  // A page the donor came back to before carries the last return's parameters: replaced, never kept.
  success.searchParams.delete('tract_return');
  success.searchParams.set('tract_pledge', publicId);
  const cancel = new URL(success);
  cancel.searchParams.set('tract_return', 'cancel');
  return { success: success.href, cancel: cancel.href };
}
