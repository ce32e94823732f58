/**
 * The `redirect` provider (the default): the donor is sent to the campaign's
 * own checkout through a URL template. The relay never learns whether the
 * money arrived, so its pledges count against the cap until the period ends.
 */
import type { Donation } from '@tract/sdk';
import type { Checkout, CheckoutRequest, PaymentProvider } from './provider.js';

/**
 * Fills the checkout URL template. Every value is URL-encoded, so nothing a
 * donor typed can change the URL's shape (and none of it is personal anyway).
 */
export function checkoutUrl(template: string, donation: Donation, pledgeId: string): string {
  const values: Record<string, string> = {
    amount: String(donation.amount),
    amountMajor: (donation.amount / 100).toFixed(2),
    currency: donation.currency,
    recurrence: donation.recurrence,
    reference: pledgeId,
  };
  return template.replace(/\{(amount|amountMajor|currency|recurrence|reference)\}/g, (_, name: string) =>
    encodeURIComponent(values[name]!),
  );
}

/** Reads the template at each pledge: the demo moves it when it starts on another port. */
export function redirectProvider(donations: { checkoutUrlTemplate?: string | undefined }): PaymentProvider {
  return {
    name: 'redirect',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      return { url: checkoutUrl(donations.checkoutUrlTemplate!, request.donation, request.pledgeId), checkoutRef: null, expiresAt: null };
    },
  };
}
