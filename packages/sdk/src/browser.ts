/**
 * The entry of `dist/tract.browser.js` (`@tract/sdk/browser`): what a web page
 * uses, for pages without a bundler. It holds the client, `relay()` and the
 * errors; each action's schema and each locale's messages are separate chunks
 * beside it, imported the first time the page submits that kind in that
 * language (`validateActionOnDemand`). Left out: the CRM backends (their
 * secrets never belong in a page), the synchronous all-kinds `validateAction`
 * and the JSON Schema export (for servers), which would triple its size.
 */
export type { Backend, Receipt, SendContext } from './backend.js';
export { type RelayOptions, type RelaySession, relay, relaySession } from './backends/relay.js';
export * from './client.js';
export { TractError, TractNetworkError, TractRejectedError, TractValidationError } from './errors.js';
export { type Locale, loadIssueMessages, resolveLocale } from './messages/locale.js';
export type { IssueMessages } from './messages/types.js';
export { hashNoticeText } from './notice-hash.js';
export type * from './schema/actions.js';
export * from './schema/choices.js';
export * from './schema/codes.js';
export * from './schema/compliance.js';
export type { Consent, ConsentGrant } from './schema/consent.js';
export type { ActionData, ActionInput, ActionKind, BotSignals, TractAction } from './schema/envelope.js';
export { preloadValidation, validateActionOnDemand } from './schema/on-demand.js';
export type { Person, PersonInput } from './schema/person.js';
export type { Source } from './schema/source.js';
export type { ValidationResult } from './schema/validate.js';
