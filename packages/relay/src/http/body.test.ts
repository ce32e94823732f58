/** The web-stream path of body reading (edge and serverless runtimes); the Node path is covered over HTTP. */
import { describe, expect, it } from 'vitest';
import { isJsonContentType, MAX_BODY_BYTES, readLimitedBody } from './body.js';
import { HttpError } from './errors.js';

function streamed(parts: Uint8Array[]): Request {
  const body = new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return new Request('http://relay.test/v1/signups', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readLimitedBody without Node', () => {
  it('reads a body up to the limit', async () => {
    const text = 'é'.repeat(MAX_BODY_BYTES / 2);
    expect(await readLimitedBody(streamed([new TextEncoder().encode(text)]), undefined)).toBe(text);
  });

  it('stops at the first chunk past the limit with 413', async () => {
    const chunk = new Uint8Array(20_000).fill(0x61);
    await expect(readLimitedBody(streamed([chunk, chunk, chunk]), undefined)).rejects.toMatchObject({ status: 413 });
  });

  it('refuses a declared length over the limit before reading', async () => {
    const request = new Request('http://relay.test/', {
      method: 'POST',
      body: 'x',
      headers: { 'content-length': String(MAX_BODY_BYTES + 1) },
    });
    await expect(readLimitedBody(request, undefined)).rejects.toBeInstanceOf(HttpError);
  });

  it('answers 408 when the body does not arrive in time', async () => {
    const body = new ReadableStream({ start() {} });
    const request = new Request('http://relay.test/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await expect(readLimitedBody(request, undefined, 50)).rejects.toMatchObject({ status: 408, code: 'request_timeout' });
  });
});

describe('isJsonContentType', () => {
  it('accepts JSON in UTF-8 only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset="utf-8"')).toBe(true);
    expect(isJsonContentType('application/json; charset=latin1')).toBe(false);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});
