/**
 * CORS from an allow-list. No wildcard and no `null` origin, ever; no
 * credentials. A request without `Origin` (server to server) passes.
 *
 * The allow-list guards the public, unauthenticated routes: it is what stops
 * a foreign page from posting signups in its visitors' names. Routes that
 * need a bearer token (organizer and admin) are not bound to it, because a
 * browser never attaches a bearer token on its own, so no page can forge such
 * a request; and the organizer's browser extension calls them from its own
 * `chrome-extension://` or `moz-extension://` origin, which differs on every
 * install. Those routes still only get CORS headers for listed origins, so a
 * foreign page cannot read their answers.
 */
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.js';

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, Authorization, Accept-Language';
const EXPOSED_HEADERS = 'Retry-After, Idempotent-Replayed';

/** Routes authorised by a bearer token rather than by where the request comes from. */
const TOKEN_ROUTES = /^\/v1\/(session|contacts|admin\/)/;

/**
 * Refuses foreign origins on public routes with 403 `origin_not_allowed` and
 * answers preflights. The list is read on each request (it is short), so a
 * relay started on port 0 can allow its own origin once it knows its port.
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    c.header('Vary', 'Origin');
    if (!allowedOrigins.includes(origin)) {
      return TOKEN_ROUTES.test(c.req.path) && c.req.method !== 'OPTIONS' ? next() : errorResponse(c, 403, 'origin_not_allowed');
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST');
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  };
}
