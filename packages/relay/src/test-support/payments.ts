/** A test relay whose donations go through Stripe, here the local stand-in. */
import type { RelayConfigInput } from '../config/schema.js';
import { startTestRelay, type TestRelay } from './relay.js';
import { StripeStandIn } from './stripe-stand-in.js';

export const STRIPE_SECRET_KEY = 'sk_test_tract_51stand1n0123456789';
export const STRIPE_WEBHOOK_SECRET = 'whsec_tract_test_0123456789abcdef';

export interface StripeTestRelay extends TestRelay {
  stripe: StripeStandIn;
}

/** The donations section of a Stripe relay pointed at `standIn`. */
export function stripeDonations(standIn: { url: string }, extra: Record<string, unknown> = {}): RelayConfigInput['donations'] {
  return {
    profile: 'fr-candidate',
    election: 'municipales-2026-lyon',
    provider: 'stripe',
    stripe: { apiUrl: standIn.url, productName: 'Don à Lyon en commun' },
    ...extra,
  } as RelayConfigInput['donations'];
}

/**
 * Starts the Stripe stand-in and a relay using it, the stand-in's webhooks
 * pointed at the relay. `autoDeliver: false` leaves delivering events to the test.
 */
export async function startStripeTestRelay(
  options: { autoDeliver?: boolean; config?: Partial<RelayConfigInput>; donations?: Record<string, unknown> } = {},
): Promise<StripeTestRelay> {
  const stripe = await StripeStandIn.start({
    secretKey: STRIPE_SECRET_KEY,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    autoDeliver: options.autoDeliver ?? false,
  });
  const relay = await startTestRelay({ donations: stripeDonations(stripe, options.donations), ...options.config }, [], {
    env: { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET },
  });
  stripe.webhookUrl = `${relay.url}/v1/payments/stripe/webhook`;
  return {
    ...relay,
    stripe,
    async stop() {
      await relay.stop();
      await stripe.close();
    },
  };
}
