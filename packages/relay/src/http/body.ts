/**
 * Reading a request body with a hard size cap: the relay stops reading at the
 * first byte past the limit, so a 1 MB body costs it 32 KB at most.
 */
import { HttpError } from './errors.js';

export const MAX_BODY_BYTES = 32_768;

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

/**
 * Reads the body as UTF-8 text, refusing with 413 past `MAX_BODY_BYTES` and
 * with 408 when it does not arrive within `timeoutMs`.
 */
export async function readLimitedBody(request: Request, timeoutMs = 10_000): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
  if (!request.body) return '';
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
      if (size > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, 'invalid_json');
  }
}
