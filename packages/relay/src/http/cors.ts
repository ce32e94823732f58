/**
 * CORS from an allow-list. No wildcard and no `null` origin, ever; no
 * credentials. A request without `Origin` (server to server) passes.
 *
 * The allow-list guards the public, unauthenticated routes: it is what stops
 * a foreign page from posting signups in its visitors' names. Routes that
 * need a bearer token (organizer and admin) are open to any origin but
 * `null`: a browser never attaches a bearer token on its own and the relay
 * uses no cookies, so a page can only act, or read an answer, with a token it
 * already holds, exactly as a script on a server could. That is how the
 * organizer's browser extension reaches the relay from its own
 * `chrome-extension://` or `moz-extension://` origin, which differs on every
 * install.
 *
 * The pages that confirmation and unsubscribe links open are not bound by
 * it at all: the token in their address is the authority, their form posts
 * from the relay's own page (whose `Origin` is the relay, or `null` with no
 * referrer), and their answers are pages, never data another site could read.
 */
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.js';

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key, Authorization, Accept-Language';
const EXPOSED_HEADERS = 'Retry-After, Idempotent-Replayed';

/**
 * Routes authorised by a bearer token rather than by where the request comes
 * from; field mode's too (a volunteer token, or the invitation secret being
 * exchanged for one), so the field page works from the relay's own origin,
 * which `origins` (the campaign's sites) does not name.
 */
const TOKEN_ROUTES = /^\/v1\/(session|contacts|admin\/|field\/)/;

/** Routes authorised by the token in a link (see `routes/links.ts`). */
const LINK_ROUTES = /^\/v1\/(confirm|unsubscribe)$/;

/**
 * The widgets' files (`/widgets/`): the same public code for everyone, that
 * anyone may download anyway. Any site may load them, so a page missing from
 * the allow-list still shows its forms, and their message saying why they
 * cannot send. The console's apps (`/console/`, the field page at `/field/`)
 * are public code too: their pages load their modules with the relay's own
 * origin, which no allow-list names.
 */
const PUBLIC_FILES = /^\/(widgets|console|field)\//;

/**
 * Refuses foreign origins on public routes with 403 `origin_not_allowed`
 * (and `null` everywhere), and answers preflights. The list is read on each request (it is short), so a
 * relay started on port 0 can allow its own origin once it knows its port.
 *
 * A refused page may read the refusal of a GET: it says nothing but "not
 * this site", and it is how a widget on a site missing from `origins` tells
 * its webmaster so, instead of seeing a network failure it could not tell
 * from an unreachable relay. Other methods stay unreadable, and preflights
 * refused, so a browser never sends anything from such a page.
 */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || LINK_ROUTES.test(c.req.path)) return next();
    c.header('Vary', 'Origin');
    const anySite = (TOKEN_ROUTES.test(c.req.path) || PUBLIC_FILES.test(c.req.path)) && origin !== 'null';
    if (!anySite && !allowedOrigins.includes(origin)) {
      if (origin !== 'null' && c.req.method === 'GET') c.header('Access-Control-Allow-Origin', origin);
      return errorResponse(c, 403, 'origin_not_allowed');
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
