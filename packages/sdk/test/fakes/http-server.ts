/** A real HTTP server on 127.0.0.1, port 0, for the fake CRMs. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Reads the whole request body as UTF-8. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts `handler` on a free loopback port. Handler errors answer 500 so a test sees them. */
export async function listen(handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<RunningServer> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A scripted failure the next request receives instead of the normal answer. */
export interface ScriptedFailure {
  status: number;
  /** `Retry-After` header value, in seconds. */
  retryAfter?: number;
  body?: unknown;
  contentType?: string;
}

/** Sends a JSON answer. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': contentType, ...headers });
  response.end(JSON.stringify(body));
}

/** Answers with a scripted failure. */
export function sendFailure(response: ServerResponse, failure: ScriptedFailure): void {
  const headers: Record<string, string> = {};
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  sendJson(
    response,
    failure.status,
    failure.body ?? { error: `scripted failure ${failure.status}` },
    failure.contentType ?? 'application/json',
    headers,
  );
}
