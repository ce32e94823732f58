/** Reading a JSON request the strict way: media type, size cap, strict parse, an object. */
import type { Context } from 'hono';
import { isJsonContentType, type NodeIncoming, readLimitedBody } from './body.js';
import { HttpError } from './errors.js';
import { InvalidJsonError, parseStrictJson } from './strict-json.js';

/** Refuses anything but `application/json` in UTF-8 with 415. */
export function requireJson(c: Context): void {
  if (!isJsonContentType(c.req.header('content-type'))) throw new HttpError(415, 'unsupported_media_type');
}

/** Reads and strictly parses a JSON object body (413, 408, 400 `invalid_json`, 400 `invalid_input`). */
export async function readJsonObject(c: Context, timeoutMs: number): Promise<Record<string, unknown>> {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  const text = await readLimitedBody(c.req.raw, incoming, timeoutMs);
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (error) {
    if (error instanceof InvalidJsonError) throw new HttpError(400, 'invalid_json');
    throw error;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const fr = (c.req.header('accept-language') ?? '').toLowerCase().startsWith('fr');
    throw new HttpError(400, 'invalid_input', {
      issues: [{ path: '', code: 'invalid_type', message: fr ? 'Le corps doit être un objet JSON.' : 'The body must be a JSON object.' }],
    });
  }
  return value as Record<string, unknown>;
}
