/** What the test relay (test/relay-plugin.mjs) recorded, and the network switch, from inside a test page. */
import { executeServerCommand } from '@web/test-runner-commands';

export interface RecordedSubmission {
  path: string;
  key: string;
  body: Record<string, unknown> & { consent: { purpose: string; textHash: string; textVersion: string; language: string }[] };
  bot?: { challenge?: string; honeypot?: string; fillMs?: number };
  /** The `form` the spent challenge was asked for (`null`: none named). */
  challengeForm: string | null;
}

/** Every action the test relay accepted so far, oldest first. */
export function relaySubmissions(): Promise<RecordedSubmission[]> {
  return executeServerCommand('relay-submissions');
}

/** Cuts (or restores) this page's network, as DevTools' "Offline" does: `navigator.onLine` follows. */
export function setOffline(offline: boolean): Promise<void> {
  return executeServerCommand('set-offline', { offline });
}

/** Chromium's own address autofill on `field` (a selector inside `tag`'s shadow root); resolves with what it filled. */
export function chromiumAutofill(
  tag: string,
  field: string,
  address: Record<string, string>,
): Promise<{ htmlType: string; autofillType: string; value: string }[]> {
  return executeServerCommand('autofill', { tag, field, address });
}
