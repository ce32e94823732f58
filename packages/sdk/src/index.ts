/**
 * @tract/sdk: validate a supporter's action, then deliver it (retried,
 * queued offline, exactly once) to the Tract relay, a CRM or a webhook.
 *
 * The schemas live in `@tract/sdk/schema`; this entry re-exports them with the client and backends.
 */
export type { Backend, DonationPaymentEvent, Receipt, SendContext } from './backend.js';
export { type ActionNetworkOptions, actionNetwork } from './backends/action-network.js';
export { type NationBuilderOptions, nationBuilder } from './backends/nationbuilder.js';
export { SlidingWindowLimiter } from './backends/rate-limiter.js';
export { type PledgeStatus, pledgeStatus, type RelayOptions, type RelaySession, relay, relaySession } from './backends/relay.js';
export { verifyWebhook, type WebhookOptions, webhook } from './backends/webhook.js';
export * from './client.js';
export { TractError, TractNetworkError, TractRejectedError, TractValidationError } from './errors.js';
export { isRetryableStatus, parseRetryAfter } from './http.js';
export { type IssueMessages, issueMessages, type Locale, loadIssueMessages, messageFor, resolveLocale } from './messages/index.js';
export { hashNoticeText } from './notice-hash.js';
export * from './schema/index.js';
