/**
 * The widgets' built files, served at `/widgets/` beside the API, so a campaign
 * site pastes `<script src="https://relay.example.org/widgets/tract-widgets.iife.js" defer>`
 * and nothing else. That script imports the SDK module and its chunks from
 * the same folder once its forms are shown, in CORS mode: the relay's CORS
 * rule answers them to any site (they are public code); the API beside them
 * takes submissions from the allow-list only.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

/** Where `@tract/widgets` keeps its build, or undefined when it is not installed or not built. */
export function widgetsDirectory(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@tract/widgets/package.json');
    const dist = join(dirname(manifest), 'dist');
    return existsSync(join(dist, 'tract-widgets.iife.js')) ? dist : undefined;
  } catch {
    return undefined;
  }
}

/** Serves `directory` at `/widgets/`; the files change only with a release, so browsers may keep them five minutes. */
export function serveWidgets(app: Hono, directory: string): void {
  app.use('/widgets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=300');
  });
  app.use('/widgets/*', serveStatic({ root: directory, rewriteRequestPath: (path) => path.replace(/^\/widgets/, '') }));
}
