/**
 * The entry of `dist/tract.browser.js` (`@tract/sdk/browser`): what a web page
 * uses, in one self-contained module for pages without a bundler. Left out:
 * the CRM backends (their secrets never belong in a page) and the JSON Schema
 * export (for servers in other languages), which would double its size.
 */
export type { Backend, Receipt, SendContext } from './backend.js';
export { type RelayOptions, type RelaySession, relay, relaySession } from './backends/relay.js';
export * from './client.js';
export { TractError, TractNetworkError, TractRejectedError, TractValidationError } from './errors.js';
export { type IssueMessages, issueMessages, type Locale, messageFor, resolveLocale } from './messages/index.js';
export { hashNoticeText } from './notice-hash.js';
export * from './schema/actions.js';
export * from './schema/codes.js';
export * from './schema/compliance.js';
export * from './schema/consent.js';
export * from './schema/envelope.js';
export { type Person, type PersonInput, personSchema } from './schema/person.js';
export { type Source, sourceSchema } from './schema/source.js';
export { type ValidationResult, validateAction } from './schema/validate.js';
