/**
 * The extension's two conversations with the relay: sending a contact (through
 * the SDK's relay backend, with the organizer's token) and checking a token
 * (`GET /v1/session`) before the options page saves it.
 */
import { relay, relaySession, TractNetworkError, TractRejectedError } from '@tract/sdk';
import type { SendContact } from './queue/sync.js';
import type { Settings } from './settings.js';

/**
 * Sends contacts to the configured relay. `dangerouslyAllowBrowser`: an
 * organizer token in an extension is the organizer's own credential on their
 * own machine, which is what the relay's organizer endpoints are for.
 *
 * This calls the SDK's `relay()` backend rather than `createClient().logContact()`:
 * here the encrypted queue is the durable store, and each contact keeps its
 * queue id as `Idempotency-Key` across every retry, even after a restart,
 * while `logContact()` mints a new id on each call.
 * @param locale language of the relay's error messages
 */
export function relaySender(settings: Settings, locale: string): SendContact {
  const backend = relay({ url: settings.relayUrl, token: settings.organizerToken, dangerouslyAllowBrowser: true });
  return (action) => backend.send(action, { idempotencyKey: action.id, locale });
}

/** What the relay said about a token. */
export type SessionCheck =
  | { ok: true; name: string }
  | {
      ok: false;
      problem: 'invalid_url' | 'insecure_url' | 'unreachable' | 'unauthorized' | 'not_organizer' | 'origin_not_allowed' | 'not_a_relay';
      detail?: string;
    };

/**
 * Validates a relay URL: https, or http only on the organizer's own machine
 * (`npm start` serves the relay on http://localhost:8787).
 */
export function checkRelayUrl(relayUrl: string): SessionCheck | undefined {
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return { ok: false, problem: 'invalid_url' };
  }
  if (url.protocol === 'https:') return undefined;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && local) return undefined;
  return { ok: false, problem: url.protocol === 'http:' ? 'insecure_url' : 'invalid_url' };
}

/**
 * Asks the relay whether this is a valid organizer token (`GET /v1/session`).
 * @param locale language of the relay's own error messages
 */
export async function checkSession(relayUrl: string, token: string, locale: string): Promise<SessionCheck> {
  const urlProblem = checkRelayUrl(relayUrl);
  if (urlProblem) return urlProblem;
  try {
    const session = await relaySession({ url: relayUrl, token, dangerouslyAllowBrowser: true, locale });
    return session.role === 'organizer' ? { ok: true, name: session.name } : { ok: false, problem: 'not_organizer' };
  } catch (error) {
    if (error instanceof TractNetworkError) return { ok: false, problem: 'unreachable', detail: error.message };
    if (!(error instanceof TractRejectedError)) throw error;
    if (error.status === 401) return { ok: false, problem: 'unauthorized' };
    if (error.code === 'origin_not_allowed') return { ok: false, problem: 'origin_not_allowed' };
    return { ok: false, problem: 'not_a_relay', detail: error.message };
  }
}
