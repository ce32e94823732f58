/**
 * Reading a request body with a hard size cap: the relay stops reading at the
 * first byte past the limit, so a 1 MB body costs it 32 KB at most.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

export const MAX_BODY_BYTES = 32_768;

/** Refuses invalid UTF-8 instead of replacing it, so what is stored is what was sent. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `Content-Type` is JSON in UTF-8 (no charset means UTF-8). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = '', ...params] = header
    .toLowerCase()
    .split(';')
    .map((part) => part.trim());
  if (type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='));
  return charset === undefined || charset.slice(8).replace(/"/g, '') === 'utf-8';
}

/** The Node request under a Hono request, when the app runs on @hono/node-server. */
export type NodeIncoming = Pick<IncomingMessage, 'on' | 'off' | 'pause' | 'readableEnded'>;

/**
 * Reads the body as UTF-8 text, refusing with 413 past `maxBytes` (default `MAX_BODY_BYTES`) and
 * with 408 when it does not arrive within `timeoutMs`. On Node it reads the
 * `IncomingMessage` directly: building a web `Request` stream per request
 * costs more than everything else the relay does with the body.
 */
export async function readLimitedBody(
  request: Request,
  incoming: NodeIncoming | undefined,
  timeoutMs = 10_000,
  maxBytes = MAX_BODY_BYTES,
): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new HttpError(413, 'payload_too_large');
  const bytes = incoming ? await readIncoming(incoming, timeoutMs, maxBytes) : await readStream(request, timeoutMs, maxBytes);
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}

function readIncoming(incoming: NodeIncoming, timeoutMs: number, maxBytes: number): Promise<Buffer> {
  if (incoming.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: HttpError | undefined) => {
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      if (error) {
        incoming.pause();
        reject(error);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) finish(new HttpError(413, 'payload_too_large'));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined);
    const onError = () => finish(new HttpError(408, 'request_timeout'));
    const timer = setTimeout(() => finish(new HttpError(408, 'request_timeout')), timeoutMs);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

async function readStream(request: Request, timeoutMs: number, maxBytes: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(408, 'request_timeout')), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) throw new HttpError(413, 'payload_too_large');
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}
