/**
 * The `backend` section of `tract.config.json`: a discriminated union on
 * `type`. Secrets never appear here: each secret-holding backend names the
 * environment variable that holds it (`tokenEnv`, `apiKeyEnv`, `secretEnv`).
 */
import * as z from 'zod/mini';

const envName = z.string().check(z.regex(/^[A-Z_][A-Z0-9_]*$/));
const httpUrl = z.string().check(z.refine((v) => /^https?:\/\//.test(v) && URL.canParse(v)));
/** Tract petition or event id → the CRM's id for it. */
const idMap = z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1)));

/** How the outbox worker delivers to this backend (all optional; see the relay README). */
const deliveryConfigSchema = z.strictObject({
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  /** Deliveries allowed per `rateWindowSeconds` (NationBuilder defaults to 250 per 10 s). */
  ratePerWindow: z.optional(z.number().check(z.int(), z.gte(1))),
  rateWindowSeconds: z.optional(z.number().check(z.gt(0))),
});

/** Keep actions in the relay's own database only; nothing is forwarded. */
export const localBackendConfigSchema = z.strictObject({ type: z.literal('local') });

/** POST each action as JSON to `url`, signed with the secret in `secretEnv`. */
export const webhookBackendConfigSchema = z.strictObject({
  type: z.literal('webhook'),
  url: httpUrl,
  secretEnv: z.optional(envName),
  delivery: z.optional(deliveryConfigSchema),
});

/** Action Network (OSDI). */
export const actionNetworkBackendConfigSchema = z.strictObject({
  type: z.literal('actionnetwork'),
  apiKeyEnv: z.optional(envName),
  baseUrl: z.optional(httpUrl),
  petitions: z.optional(idMap),
  events: z.optional(idMap),
  fundraisingPage: z.optional(z.string().check(z.minLength(1))),
  donationRecipient: z.optional(z.string().check(z.minLength(1))),
  autoresponse: z.optional(z.boolean()),
  signupForm: z.optional(z.string().check(z.minLength(1))),
  tags: z.optional(z.array(z.string().check(z.minLength(1)))),
  delivery: z.optional(deliveryConfigSchema),
});

/** NationBuilder API v2. */
export const nationBuilderBackendConfigSchema = z.strictObject({
  type: z.literal('nationbuilder'),
  nation: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  tokenEnv: envName,
  baseUrl: z.optional(httpUrl),
  petitions: z.optional(idMap),
  events: z.optional(idMap),
  authorId: z.optional(z.string().check(z.minLength(1))),
  delivery: z.optional(deliveryConfigSchema),
});

export const backendConfigSchema = z.discriminatedUnion('type', [
  localBackendConfigSchema,
  webhookBackendConfigSchema,
  actionNetworkBackendConfigSchema,
  nationBuilderBackendConfigSchema,
]);

export type BackendConfig = z.infer<typeof backendConfigSchema>;
/** A backend that forwards (every type but `local`). */
export type ForwardingBackendConfig = Exclude<BackendConfig, { type: 'local' }>;
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;
