/**
 * One JSON line per request: method, route pattern, status, duration. Never
 * the client address, the body or the query string, which could hold personal
 * data; ids in the path (petitions, events) are public.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

export type LogSink = (line: string) => void;

export function accessLog(sink: LogSink): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    sink(
      JSON.stringify({
        time: new Date().toISOString(),
        event: 'request',
        method: c.req.method,
        route: routePath(c, -1),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      }),
    );
  };
}
