/**
 * One JSON line per request: method, route pattern, status, duration. Never
 * the client address, the body, the query string or the concrete path, any
 * of which could hold personal data.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

export type LogSink = (line: string) => void;

let pendingLines: string[] = [];
let flushScheduled = false;

function flushLines(): void {
  flushScheduled = false;
  if (pendingLines.length === 0) return;
  const text = `${pendingLines.join('\n')}\n`;
  pendingLines = [];
  process.stdout.write(text);
}

/**
 * Lines to standard output, written together once per turn of the event
 * loop: under load, one write per request took 2 % of the relay's time (a
 * file or pipe on stdout is written synchronously). What is pending when the
 * process exits is written then; a killed process loses at most one turn's lines.
 */
export const stdoutSink: LogSink = (line) => {
  pendingLines.push(line);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushLines);
};
process.once('exit', flushLines);

/** Mounts every request passes through: they name no route. */
const CATCH_ALL = new Set(['*', '/*']);

/**
 * The pattern of the route a request matched: the handler that answered
 * (`/v1/petitions/:id/signatures`), else the handler a middleware answered
 * for (an admin route refused for its token), else the most specific mount
 * (`/widgets/*`); null when nothing but catch-alls matched (404, 405).
 */
export function routePattern(c: Context): string | null {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== 'ALL') return answered.path;
  const handler = routes.find((route) => route.method !== 'ALL');
  if (handler) return handler.path;
  return routes.find((route) => !CATCH_ALL.has(route.path))?.path ?? null;
}

export function accessLog(sink: LogSink): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    const route = routePattern(c);
    // Written by hand, the same JSON as JSON.stringify of an object: one line per request adds up under load.
    sink(
      `{"time":"${new Date().toISOString()}","event":"request","method":${JSON.stringify(c.req.method)},"route":${route === null ? 'null' : JSON.stringify(route)},"status":${c.res.status},"ms":${ms}}`,
    );
  };
}
