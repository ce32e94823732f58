/**
 * The relay as a web-standard Hono app: `app.fetch` runs on Node (see
 * `server.ts`), and on serverless and edge runtimes given a `RelayContext`.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { treasurerRoutes } from './admin/donations-export.js';
import type { RelayContext } from './context.js';
import { QueueClosedError } from './db/commit-queue.js';
import { accessLog, routePattern } from './http/access-log.js';
import { cors } from './http/cors.js';
import { errorResponse, HttpError } from './http/errors.js';
import { securityHeaders } from './http/security-headers.js';
import { adminRoutes } from './routes/admin.js';
import { consoleRoutes } from './routes/console.js';
import { fieldRoutes } from './routes/field.js';
import { fieldAdminRoutes } from './routes/field-admin.js';
import { linkRoutes } from './routes/links.js';
import { paymentRoutes } from './routes/payments.js';
import { type ClientAddress, publicRoutes } from './routes/public.js';

export interface RelayAppOptions {
  /** The client's address, for per-IP rate limits (never logged). */
  clientAddress: ClientAddress;
}

/** Seconds a client should wait when storage is unavailable. */
const UNAVAILABLE_RETRY_AFTER = 2;

/** Every route the relay knows, with the methods it allows: the rest is 404 or 405. */
const KNOWN_PATHS = [
  /^\/v1\/(signups|donations|contacts)$/,
  /^\/v1\/petitions\/[^/]+(\/signatures)?$/,
  /^\/v1\/events\/[^/]+(\/rsvps)?$/,
  /^\/v1\/(challenge|session)$/,
  /^\/v1\/pledges\/[^/]+$/,
  /^\/v1\/payments\/(stripe|helloasso)\/webhook$/,
  /^\/v1\/(confirm|unsubscribe)$/,
  /^\/v1\/admin\/(overview(\/donors)?|people\/(search|csv)|people\/[0-9a-f-]{36}|contacts(\/[^/]+)?|deliveries|deliveries\/[^/]+\/retry|audit|tokens|tokens\/[^/]+\/revoke|retention)$/,
  /^\/v1\/admin\/(session|actions(\/[^/]+)?|people\/(export|erase|update)|suppression(\/check)?|outbox|events\/[^/]+\/seats|donations\/export)$/,
  /^\/v1\/field\/(invitations\/accept|assignment|slices(\/current\/close)?|reveals|results)$/,
  /^\/v1\/admin\/field\/(lists(\/[^/]+(\/(invitations|reveals))?)?|volunteers\/[^/]+\/revoke)$/,
];

export function createRelayApp(ctx: RelayContext, options: RelayAppOptions): Hono {
  const app = new Hono();
  if (ctx.config.accessLog) app.use('*', accessLog(ctx.log));
  app.use('*', securityHeaders());
  app.use('*', cors(ctx.config.origins));
  publicRoutes(app, ctx, options.clientAddress);
  paymentRoutes(app, ctx, options.clientAddress);
  linkRoutes(app, ctx);
  adminRoutes(app, ctx);
  consoleRoutes(app, ctx);
  fieldRoutes(app, ctx, options.clientAddress);
  fieldAdminRoutes(app, ctx);
  // After the admin gate that `adminRoutes` installs: the export is admin-only.
  treasurerRoutes(app, ctx);

  app.notFound((c) => {
    const known = KNOWN_PATHS.some((pattern) => pattern.test(c.req.path));
    return known ? errorResponse(c, 405, 'method_not_allowed') : errorResponse(c, 404, 'not_found');
  });

  app.onError((error, c) => {
    if (error instanceof HttpError) return errorResponse(c, error.status, error.code, error.details);
    if (error instanceof QueueClosedError || isStorageBusy(error)) {
      return errorResponse(c, 503 as ContentfulStatusCode, 'unavailable', { retryAfter: UNAVAILABLE_RETRY_AFTER });
    }
    ctx.log(JSON.stringify({ time: ctx.now().toISOString(), event: 'error', route: routePattern(c), error: (error as Error).name }));
    return errorResponse(c, 500, 'internal_error');
  });
  return app;
}

function isStorageBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL';
}
