/**
 * Host access to the relay, and nothing else. The manifest only declares
 * optional host patterns; the one origin the organizer configures is requested
 * at setup, so the extension never holds access to the pages people browse.
 */
import { browser } from 'wxt/browser';

/** The match pattern for a relay URL's origin (`https://relay.example.org/*`). */
export function relayOriginPattern(relayUrl: string): string {
  const url = new URL(relayUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Whether the extension may already reach this relay. */
export function hasRelayAccess(relayUrl: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [relayOriginPattern(relayUrl)] });
}

/**
 * Asks the browser (and so the organizer) for access to this relay's origin.
 * Must be called while handling a click: browsers refuse permission requests
 * made outside a user gesture.
 */
export function requestRelayAccess(relayUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: [relayOriginPattern(relayUrl)] });
}
