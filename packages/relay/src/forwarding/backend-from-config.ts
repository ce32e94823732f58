/**
 * Builds the SDK backend the outbox delivers to from the `backend` section of
 * `tract.config.json`, reading each secret from the environment variable the
 * configuration names, and the delivery policy that goes with it.
 */
import { actionNetwork, type Backend, nationBuilder, webhook } from '@tract/sdk';
import { ConfigError } from '../config/load.js';
import type { ForwardingBackendConfig } from './config.js';

/** NationBuilder allows 250 requests per 10 s per token and IP. */
const NATIONBUILDER_RATE = { limit: 250, windowMs: 10_000 };
const DEFAULT_MAX_ATTEMPTS = 10;

/** How the worker paces and gives up on deliveries to one backend. */
export interface DeliveryPolicy {
  maxAttempts: number;
  /** Deliveries allowed per window, or none when the backend sets no limit. */
  rate: { limit: number; windowMs: number } | undefined;
}

/** Reads a secret from the environment, or says which variable to set. */
function secretFrom(env: Record<string, string | undefined>, name: string, backend: string, key: string): string {
  const value = env[name];
  if (!value) {
    throw new ConfigError(
      `backend.${key}: the environment variable ${name} is empty or not set; export the ${backend} secret in it before starting the relay.`,
    );
  }
  return value;
}

/**
 * The SDK backend for a forwarding configuration.
 * @param env where secrets are read (default `process.env`)
 */
export function backendFromConfig(config: ForwardingBackendConfig, env: Record<string, string | undefined> = process.env): Backend {
  switch (config.type) {
    case 'webhook':
      return webhook({
        url: config.url,
        ...(config.secretEnv ? { secret: secretFrom(env, config.secretEnv, 'webhook', 'secretEnv') } : {}),
      });
    case 'actionnetwork':
      return actionNetwork({
        ...(config.apiKeyEnv ? { apiKey: secretFrom(env, config.apiKeyEnv, 'Action Network', 'apiKeyEnv') } : {}),
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        ...(config.petitions ? { petitions: config.petitions } : {}),
        ...(config.events ? { events: config.events } : {}),
        ...(config.fundraisingPage ? { fundraisingPage: config.fundraisingPage } : {}),
        ...(config.donationRecipient ? { donationRecipient: config.donationRecipient } : {}),
        ...(config.autoresponse === undefined ? {} : { autoresponse: config.autoresponse }),
        ...(config.signupForm ? { signupForm: config.signupForm } : {}),
        ...(config.tags ? { tags: config.tags } : {}),
      });
    case 'nationbuilder':
      return nationBuilder({
        nation: config.nation,
        token: secretFrom(env, config.tokenEnv, 'NationBuilder', 'tokenEnv'),
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        ...(config.petitions ? { petitions: config.petitions } : {}),
        ...(config.events ? { events: config.events } : {}),
        ...(config.authorId ? { authorId: config.authorId } : {}),
      });
  }
}

/** The delivery policy for a forwarding configuration, with each backend's defaults. */
export function deliveryPolicyFromConfig(config: ForwardingBackendConfig): DeliveryPolicy {
  const delivery = config.delivery ?? {};
  const defaultRate = config.type === 'nationbuilder' ? NATIONBUILDER_RATE : undefined;
  const rate =
    delivery.ratePerWindow !== undefined
      ? { limit: delivery.ratePerWindow, windowMs: (delivery.rateWindowSeconds ?? 1) * 1000 }
      : defaultRate;
  return { maxAttempts: delivery.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, rate };
}
