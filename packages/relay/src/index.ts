/**
 * @tract/relay: Tract's self-hostable, write-only relay. It validates what
 * the open web posts, stops bots, commits durably, and hands actions to the
 * forwarding worker.
 */
export { createRelayApp, type RelayAppOptions } from './app.js';
export { createToken } from './auth/tokens.js';
export { ConfigError, loadConfigFile, parseConfig } from './config/load.js';
export type { RelayConfig, RelayConfigInput } from './config/schema.js';
export type { RelayContext } from './context.js';
export { HashKey, type HashKeySource, keyFileOf, loadHashKey } from './db/hash-key.js';
export { openDatabase } from './db/open.js';
export type * from './db/schema.js';
export { isSuppressed, suppressEmail, suppressHash } from './db/suppression.js';
export { forwardingService } from './forwarding/service.js';
export { clientAddressResolver, type TrustProxy } from './http/client-address.js';
export { PAGE_POLICY, RESOURCE_POLICY, securityHeaders } from './http/security-headers.js';
export { type MailServiceOptions, mailService } from './mail/service.js';
export { purgeExpired } from './retention/purge.js';
export { createRelayContext, type RelayService, type RunningRelay, type StartRelayOptions, startRelay } from './server.js';
