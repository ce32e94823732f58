/**
 * The console's built apps (`@tract/console`: the organizer console, and any
 * other app its build lists in `dist/apps.json`), each served at `/<app>/` on
 * the admin API's origin, so they call it without CORS. Every answer under an
 * app's path carries the page policy (no inline script, no `eval`, Trusted
 * Types, never framed) and `Referrer-Policy: no-referrer`; the page itself is
 * never cached, so a new release is picked up at the next load.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { PAGE_POLICY, securityHeaders } from './security-headers.js';

export interface ConsoleApp {
  name: string;
  /** The app's page in the build (`console.html`). */
  page: string;
}

/** Where `@tract/console` keeps its build and the apps it lists, or undefined when it is not installed or not built. */
export function consoleBuild(): { directory: string; apps: ConsoleApp[] } | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@tract/console/package.json');
    const directory = join(dirname(manifest), 'dist');
    const list = join(directory, 'apps.json');
    if (!existsSync(list)) return undefined;
    const apps = (JSON.parse(readFileSync(list, 'utf8')) as ConsoleApp[]).filter((app) => /^[a-z][a-z0-9-]*$/.test(app.name));
    return { directory, apps };
  } catch {
    return undefined;
  }
}

/** Serves each app at `/<name>/` (its page) and `/<name>/<file>` (the build's scripts). */
export function serveConsole(app: Hono, build: { directory: string; apps: ConsoleApp[] }): void {
  for (const { name, page } of build.apps) {
    const base = `/${name}`;
    app.use(`${base}/*`, securityHeaders(PAGE_POLICY));
    app.use(`${base}/*`, async (c, next) => {
      await next();
      c.header('Referrer-Policy', 'no-referrer');
      if (c.res.status === 200) c.header('Cache-Control', 'no-cache');
    });
    app.get(base, (c) => c.redirect(`${base}/`, 301));
    app.get(`${base}/`, serveStatic({ root: build.directory, rewriteRequestPath: () => `/${page}` }));
    // Only the build's scripts and their source maps: the pages are served at their app's path, the manifests nowhere.
    app.get(
      `${base}/:file{[A-Za-z0-9_-]+\\.js(\\.map)?}`,
      serveStatic({ root: build.directory, rewriteRequestPath: (path) => path.slice(base.length) }),
    );
  }
}
