/**
 * `npm start -w examples/sdk-browser`: serves the example page with the SDK's
 * built browser module and altcha-lib's solver, and forwards `/v1/*` to the
 * relay (RELAY_URL, default the `npm start` demo) so the page and the relay
 * share one origin, as a reverse proxy in front of a real relay would.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;

/** URL prefix → directory it is served from. */
const MOUNTS: [string, string][] = [
  ['/sdk/', join(root, 'packages/sdk/dist')],
  ['/altcha/', join(root, 'node_modules/altcha-lib/dist/esm/v2')],
  ['/', here],
];
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function fileFor(pathname: string): string | undefined {
  const [prefix, dir] = MOUNTS.find(([mount]) => pathname.startsWith(mount)) ?? ['/', here];
  const relative = normalize(decodeURIComponent(pathname.slice(prefix.length)) || 'index.html');
  if (relative.startsWith('..')) return undefined;
  const file = join(dir, relative);
  return existsSync(file) && statSync(file).isFile() && /\.(html|js|css|map)$/.test(file) ? file : undefined;
}

async function forward(req: IncomingMessage, res: ServerResponse, relayUrl: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
  // Same origin from the browser's side: the relay sees a server-to-server request, as behind a reverse proxy.
  delete headers.origin;
  delete headers.host;
  delete headers['content-length'];
  try {
    const answer = await fetch(`${relayUrl}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    res.writeHead(
      answer.status,
      Object.fromEntries(
        [...answer.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding'].includes(name)),
      ),
    );
    res.end(Buffer.from(await answer.arrayBuffer()));
  } catch {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'unavailable', message: `The relay at ${relayUrl} is not answering: is \`npm start\` running?` } }),
    );
  }
}

export interface ExampleServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the example server.
 * @param options.port where to listen (0 picks a free port)
 * @param options.relayUrl the relay `/v1/*` is forwarded to
 */
export async function startExampleServer({ port = 8790, relayUrl = 'http://localhost:8787' } = {}): Promise<ExampleServer> {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://example.invalid');
    if (pathname.startsWith('/v1/')) return void forward(req, res, relayUrl);
    const file = req.method === 'GET' ? fileFor(pathname) : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(pathname.startsWith('/sdk/') ? 'Not found: build the SDK first (npm run build -w packages/sdk).' : 'Not found.');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && new URL(import.meta.url).pathname === normalize(process.argv[1])) {
  const relayUrl = process.env.RELAY_URL ?? 'http://localhost:8787';
  const { url } = await startExampleServer({ port: Number(process.env.PORT ?? 8790), relayUrl });
  const shown = url.replace('127.0.0.1', 'localhost');
  if (!existsSync(join(root, 'packages/sdk/dist/tract.browser.js')))
    console.warn('packages/sdk/dist is missing: run `npm run build -w packages/sdk` first.');
  console.log(`SDK browser example: ${shown}  (relay: ${relayUrl})`);
}
