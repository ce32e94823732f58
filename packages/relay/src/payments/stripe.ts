/**
 * Stripe Checkout through the official `stripe` package. The relay creates a
 * Checkout Session per pledge (one-off payment, or a monthly subscription),
 * with the pledge id as `client_reference_id` and in the metadata of the
 * session and of what it creates (payment intent or subscription), so every
 * later event names its pledge. The secret key and the webhook signing
 * secret come from the environment only.
 */
import Stripe from 'stripe';
import { ConfigError } from '../config/load.js';
import type { RelayConfig } from '../config/schema.js';
import { type Checkout, type CheckoutRequest, type PaymentProvider, PaymentProviderError, returnUrls } from './provider.js';

export interface StripeProvider extends PaymentProvider {
  readonly name: 'stripe';
  readonly client: Stripe;
  readonly webhookSecret: string;
}

/** The `stripe` client for `apiUrl` (Stripe's, or a local stand-in's). */
export function stripeClient(secretKey: string, apiUrl: string): Stripe {
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(secretKey, {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
    // 429s and 5xx are retried with Stripe's own backoff, under the same idempotency key.
    maxNetworkRetries: 2,
    timeout: 15_000,
    telemetry: false,
  });
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigError(
      `donations.provider is "stripe": set ${name} in the environment (secrets never go in tract.config.json; see the relay README, "Payments").`,
    );
  }
  return value;
}

export function stripeProvider(config: RelayConfig, env: Record<string, string | undefined>): StripeProvider {
  const settings = config.donations!.stripe;
  const client = stripeClient(required(env, 'STRIPE_SECRET_KEY'), settings.apiUrl);
  const webhookSecret = required(env, 'STRIPE_WEBHOOK_SECRET');
  return {
    name: 'stripe',
    client,
    webhookSecret,
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const { donation, pledgeId } = request;
      const monthly = donation.recurrence === 'monthly';
      const urls = returnUrls(request.returnUrl, request.publicId);
      const metadata = { pledge_id: pledgeId };
      const expiresAt = new Date(request.now.getTime() + settings.checkoutMinutes * 60_000);
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: monthly ? 'subscription' : 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: donation.currency.toLowerCase(),
              unit_amount: donation.amount,
              product_data: { name: settings.productName },
              ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
            },
          },
        ],
        client_reference_id: pledgeId,
        metadata,
        customer_email: donation.person.email,
        success_url: urls.success,
        cancel_url: urls.cancel,
        expires_at: Math.floor(expiresAt.getTime() / 1000),
        locale: request.locale.startsWith('fr') ? 'fr' : 'en',
        ...(monthly ? { subscription_data: { metadata } } : { submit_type: 'donate' as const, payment_intent_data: { metadata } }),
      };
      try {
        const session = await client.checkout.sessions.create(params, { idempotencyKey: `tract-pledge-${pledgeId}` });
        if (!session.url) throw new PaymentProviderError('stripe', 'session_without_url');
        return { url: session.url, checkoutRef: session.id, expiresAt: new Date(session.expires_at * 1000) };
      } catch (error) {
        throw asProviderError(error);
      }
    },
  };
}

/** A Stripe failure as a reason safe to log: its type and code, or the HTTP status, never a message that could echo data. */
export function asProviderError(error: unknown): PaymentProviderError {
  if (error instanceof PaymentProviderError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    return new PaymentProviderError('stripe', [error.type, error.code ?? error.statusCode].filter(Boolean).join(':'));
  }
  return new PaymentProviderError('stripe', (error as { code?: string }).code ?? 'unexpected_error');
}
