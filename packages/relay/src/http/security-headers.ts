/**
 * Security headers on everything the relay serves: `X-Content-Type-Options:
 * nosniff` (a file is only ever run or styled as what its Content-Type says)
 * and a Content Security Policy suited to what the answer is. An HTML page
 * gets a page policy; anything else (JSON answers and errors, the widgets'
 * scripts, the proof-of-work worker, a page's CSS) loads nothing and may not
 * be framed.
 *
 * The app mounts it once for every path. A part that serves pages of its own
 * (the console at `/console/`) mounts it again on its path with its own page
 * policy: the innermost mount sets the policy, outer ones leave it.
 */
import type { MiddlewareHandler } from 'hono';

/** For what is not a page: nothing to load, never framed. A worker runs under its own file's policy, which suits it: it fetches nothing. */
export const RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * For pages the relay serves (the demo's campaign page, its checkout page):
 * scripts, styles, workers and requests from the relay's own origin only, no
 * inline script or style, Trusted Types for every DOM sink, never framed.
 * The widgets run under it as they are: they load their SDK and worker from
 * `/widgets/`, style with constructed stylesheets and pass their worker's
 * URL through their own Trusted Types policy.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

/** Sets `nosniff` and, unless a more specific mount did, `pagePolicy` on HTML answers and `RESOURCE_POLICY` on the rest. */
export function securityHeaders(pagePolicy: string = PAGE_POLICY): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    if (headers.has('Content-Security-Policy')) return;
    const html = (headers.get('Content-Type') ?? '').toLowerCase().startsWith('text/html');
    headers.set('Content-Security-Policy', html ? pagePolicy : RESOURCE_POLICY);
  };
}
