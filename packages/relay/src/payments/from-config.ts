/** The payment provider `donations.provider` names, built with its secrets from the environment. */
import { ConfigError } from '../config/load.js';
import type { RelayConfig } from '../config/schema.js';
import { helloassoProvider } from './helloasso.js';
import type { PaymentProvider } from './provider.js';
import { redirectProvider } from './redirect.js';
import { stripeProvider } from './stripe.js';

/** The configured provider, its secrets read from `env`; undefined when donations are off. */
export function paymentProvider(config: RelayConfig, env: Record<string, string | undefined>): PaymentProvider | undefined {
  const donations = config.donations;
  if (!donations) return undefined;
  switch (donations.provider) {
    case 'redirect':
      return redirectProvider(donations);
    case 'stripe':
      return stripeProvider(config, env);
    case 'helloasso':
      return helloassoProvider(config, env);
    default:
      throw new ConfigError(`donations.provider "${donations.provider}" is not available in this relay.`);
  }
}
