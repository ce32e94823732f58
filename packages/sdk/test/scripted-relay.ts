/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers each request from a
 * script and records what it received, so client and backend tests exercise
 * real sockets, headers and bodies instead of a mocked fetch.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What to answer: a status, optional headers and JSON body; `drop` destroys the socket (a network failure); `hang` never answers. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string>; body?: unknown; raw?: string } | 'drop' | 'hang';

export type Responder = (request: RecordedRequest) => ScriptedAnswer;

export interface ScriptedRelay {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests in order; once the script is used up, `fallback` answers. */
  script(...answers: (ScriptedAnswer | Responder)[]): void;
  /** Answers every request that the script does not. */
  fallback: Responder;
  close(): Promise<void>;
}

/** Accepts everything the way the relay does: 202 with the Idempotency-Key as id. */
export const accept: Responder = (request) => ({
  status: 202,
  body: { id: request.headers['idempotency-key'], status: 'accepted' },
});

export async function startScriptedRelay(): Promise<ScriptedRelay> {
  const pending: (ScriptedAnswer | Responder)[] = [];
  const hanging = new Set<ServerResponse>();
  const relay: ScriptedRelay = {
    url: '',
    requests: [],
    script: (...answers) => pending.push(...answers),
    fallback: accept,
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      relay.requests.push(request);
      const next = pending.shift() ?? relay.fallback;
      const answer = typeof next === 'function' ? next(request) : next;
      if (answer === 'drop') return req.socket.destroy();
      if (answer === 'hang') return void hanging.add(res);
      const payload = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      res.writeHead(answer.status, { 'content-type': answer.raw ? 'text/html' : 'application/json', ...answer.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return relay;
}
