import { afterEach, describe, expect, it } from 'vitest';
import { sampleAction } from '../../test/fakes/sample-actions.js';
import { type FakeWebhookReceiver, startWebhookReceiver } from '../../test/fakes/webhook-receiver.js';
import { TractError, TractNetworkError, TractRejectedError } from '../errors.js';
import { ACTION_KINDS } from '../schema/envelope.js';
import { signWebhook, verifyWebhook, webhook } from './webhook.js';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
let receiver: FakeWebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhook backend', () => {
  it.each(ACTION_KINDS)('delivers a %s as the canonical action, signed', async (kind) => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    const action = sampleAction(kind);
    const receipt = await webhook({ url: receiver.url, secret: SECRET }).send(action, { idempotencyKey: action.id });
    expect(receipt).toEqual({ id: action.id, status: 'delivered' });
    expect(receiver.delivered).toEqual([action]);
    const request = receiver.requests[0];
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['tract-delivery']).toBe(action.id);
    expect(request?.headers['idempotency-key']).toBe(action.id);
    expect(request?.headers['tract-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(request?.body ?? '')).toEqual(action);
  });

  it('posts unsigned without a secret', async () => {
    receiver = await startWebhookReceiver();
    const action = sampleAction('signup');
    await webhook({ url: receiver.url }).send(action, { idempotencyKey: action.id });
    expect(receiver.requests[0]?.headers['tract-signature']).toBeUndefined();
    expect(receiver.delivered).toEqual([action]);
  });

  it('names the secret setting when the receiver refuses the signature', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    const action = sampleAction('signup');
    const error = await webhook({ url: receiver.url, secret: 'a-different-secret' })
      .send(action, { idempotencyKey: action.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TractRejectedError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', setting: 'secret' });
    expect((error as Error).message).not.toContain('a-different-secret');
    expect(receiver.delivered).toEqual([]);
  });

  it('classifies 429 and 5xx as retryable with Retry-After, other 4xx as permanent with the reason', async () => {
    receiver = await startWebhookReceiver();
    receiver.failNext({ status: 429, retryAfter: 7 }, { status: 503 }, { status: 422, body: { error: 'unknown list' } });
    const backend = webhook({ url: receiver.url });
    const action = sampleAction('signup');
    const limited = await backend.send(action, { idempotencyKey: action.id }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TractNetworkError);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 7000 });
    const unavailable = await backend.send(action, { idempotencyKey: action.id }).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: undefined });
    const refused = await backend.send(action, { idempotencyKey: action.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TractRejectedError);
    expect((refused as Error).message).toContain('unknown list');
  });

  it('a retried delivery carries the same id, so the receiver keeps one', async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    const backend = webhook({ url: receiver.url, secret: SECRET });
    const action = sampleAction('donation');
    await backend.send(action, { idempotencyKey: action.id });
    await backend.send(action, { idempotencyKey: action.id });
    expect(receiver.delivered).toHaveLength(1);
    expect(receiver.duplicates).toBe(1);
  });

  it('turns a refused connection into a retryable network error', async () => {
    receiver = await startWebhookReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const action = sampleAction('signup');
    await expect(webhook({ url }).send(action, { idempotencyKey: action.id })).rejects.toBeInstanceOf(TractNetworkError);
  });

  it('refuses credentials in the URL and an empty secret', () => {
    expect(() => webhook({ url: 'https://user:pw@hooks.example/x' })).toThrow(/secrets never belong in URLs/);
    expect(() => webhook({ url: 'https://hooks.example/x', secret: '' })).toThrow(TractError);
    expect(() => webhook({ url: 'not a url' })).toThrow(/absolute URL/);
  });
});

describe('verifyWebhook', () => {
  const body = JSON.stringify(sampleAction('signup'));
  const now = 1_790_000_000_000;
  const timestamp = now / 1000;

  it('accepts a valid signature and returns the action', async () => {
    const header = await signWebhook({ body, secret: SECRET, timestamp });
    await expect(verifyWebhook({ body, header, secret: SECRET, now })).resolves.toEqual(JSON.parse(body));
  });

  it('matches the documented construction: HMAC-SHA256 over "<t>.<body>"', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex');
    expect(await signWebhook({ body, secret: SECRET, timestamp })).toBe(`t=${timestamp},v1=${expected}`);
  });

  it('accepts any matching v1 during a secret rotation', async () => {
    const old = await signWebhook({ body, secret: 'old-secret', timestamp });
    const current = await signWebhook({ body, secret: SECRET, timestamp });
    const header = `${old},v1=${current.split('v1=')[1]}`;
    await expect(verifyWebhook({ body, header, secret: SECRET, now })).resolves.toBeDefined();
  });

  it('refuses a tampered body', async () => {
    const header = await signWebhook({ body, secret: SECRET, timestamp });
    const tampered = body.replace('camille.martin', 'mallory');
    await expect(verifyWebhook({ body: tampered, header, secret: SECRET, now })).rejects.toMatchObject({ code: 'signature_mismatch' });
  });

  it('refuses the wrong secret', async () => {
    const header = await signWebhook({ body, secret: SECRET, timestamp });
    await expect(verifyWebhook({ body, header, secret: 'wrong', now })).rejects.toMatchObject({ code: 'signature_mismatch' });
  });

  it('refuses a timestamp outside the window, either way', async () => {
    const header = await signWebhook({ body, secret: SECRET, timestamp });
    await expect(verifyWebhook({ body, header, secret: SECRET, now: now + 301_000 })).rejects.toMatchObject({ code: 'signature_expired' });
    await expect(verifyWebhook({ body, header, secret: SECRET, now: now - 301_000 })).rejects.toMatchObject({ code: 'signature_expired' });
    await expect(verifyWebhook({ body, header, secret: SECRET, now: now + 299_000 })).resolves.toBeDefined();
    await expect(verifyWebhook({ body, header, secret: SECRET, now: now + 60_000, toleranceSeconds: 30 })).rejects.toMatchObject({
      code: 'signature_expired',
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['no signature', 't=1790000000'],
    ['non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`],
    ['short signature', 't=1790000000,v1=abc'],
    ['not key=value', `t=1790000000,garbage`],
    ['repeated timestamp', `t=1790000000,t=1790000001,v1=${'a'.repeat(64)}`],
  ])('refuses a malformed header (%s)', async (_name, header) => {
    await expect(verifyWebhook({ body, header, secret: SECRET, now })).rejects.toMatchObject({ code: 'signature_header_malformed' });
  });
});
