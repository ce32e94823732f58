/**
 * Secrets stay on servers. A CRM token in a web page is readable by every
 * visitor, so a backend built with one refuses to run in a browser unless the
 * caller opts in by name (a browser extension holding its own organizer token
 * is the one legitimate case).
 */
import { TractError } from './errors.js';

/** True in a page, a web worker or an extension; false in Node, Deno and server runtimes. */
export function isBrowserLike(): boolean {
  const g = globalThis as Record<string, unknown>;
  const nodeLike = typeof (g.process as { versions?: { node?: string } } | undefined)?.versions?.node === 'string';
  return !nodeLike && (typeof g.document !== 'undefined' || typeof g.WorkerGlobalScope !== 'undefined');
}

/**
 * Throws when a secret-holding backend is built in a browser.
 * @param backend the backend's name, for the message
 * @param setting the option that holds the secret (`token`, `apiKey`, `secret`)
 * @param dangerouslyAllowBrowser the explicit opt-in
 */
export function assertSecretStaysOnServer(backend: string, setting: string, dangerouslyAllowBrowser = false): void {
  if (dangerouslyAllowBrowser || !isBrowserLike()) return;
  throw new TractError(
    'secret_in_browser',
    `${backend}: the "${setting}" option is a secret and this code is running in a browser, where every visitor can read it. ` +
      'Post to your Tract relay instead, or pass dangerouslyAllowBrowser: true if this browser belongs to the person the secret identifies.',
  );
}
