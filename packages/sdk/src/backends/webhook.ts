/**
 * The webhook backend: posts the canonical Tract action, as JSON, to an
 * endpoint the campaign runs (its own server, n8n, Zapier...). With a secret,
 * every delivery is signed the way Stripe and GitHub sign theirs, and receivers
 * check it with `verifyWebhook`.
 *
 * Signature header: `Tract-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`,
 * where the HMAC covers `<t>.<raw body>`. Binding the timestamp into the MAC
 * lets a receiver refuse old deliveries (replay window) without trusting a
 * separate, unsigned header.
 */
import type { Backend, DonationPaymentEvent, Receipt, SendContext } from '../backend.js';
import { TractError, TractRejectedError } from '../errors.js';
import { isRetryableStatus, networkFailure, retryableResponse } from '../http.js';
import type { TractAction } from '../schema/envelope.js';
import { assertSecretStaysOnServer } from '../secret-guard.js';
import { hmacSha256Hex, verifyHmacSha256Hex } from './hmac.js';

/** Name of the header that carries the signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'Tract-Signature';
/** Name of the header that carries the action id, identical on every retry, for receivers to dedupe on. */
export const WEBHOOK_DELIVERY_HEADER = 'Tract-Delivery';
/** Default replay window of `verifyWebhook`, in seconds (Stripe's default too). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookOptions {
  /** The endpoint that receives each action (a full URL; secrets never belong in it). */
  url: string;
  /** Shared secret that signs every delivery. Server-only: setting it in a browser throws. */
  secret?: string;
  /** Abort a delivery that takes longer than this, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Allow a secret in a browser (an extension holding its own secret); never on a public page. */
  dangerouslyAllowBrowser?: boolean;
  /** Current time in milliseconds, for the signature timestamp (default `Date.now`). */
  now?: () => number;
}

/**
 * A backend that POSTs each action as JSON to `url`, signed when a `secret` is
 * given. A 2xx answer means delivered; 408, 429 and 5xx are retryable; any
 * other answer is a permanent refusal carrying the receiver's reason.
 * @param options where to post, and the secret that signs each delivery
 */
export function webhook(options: WebhookOptions): Backend {
  const endpoint = parseEndpoint(options.url);
  if (options.secret !== undefined) {
    if (options.secret.length === 0)
      throw new TractError('invalid_option', 'webhook: "secret" is empty; omit it or set a random value of at least 32 characters.');
    assertSecretStaysOnServer('webhook', 'secret', options.dangerouslyAllowBrowser);
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;

  /** POSTs `payload` (an action, or a payment event) as JSON, signed; `id` is its delivery id. */
  async function deliver(id: string, payload: unknown, context: SendContext): Promise<Receipt> {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      [WEBHOOK_DELIVERY_HEADER]: id,
      'idempotency-key': context.idempotencyKey,
    };
    if (options.secret !== undefined) {
      headers[WEBHOOK_SIGNATURE_HEADER] = await signWebhook({ body, secret: options.secret, timestamp: Math.floor(now() / 1000) });
    }
    const doFetch = context.fetch ?? globalThis.fetch;
    const signals = [AbortSignal.timeout(timeoutMs), ...(context.signal ? [context.signal] : [])];
    let response: Response;
    try {
      response = await doFetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.any(signals), redirect: 'error' });
    } catch (cause) {
      throw networkFailure('webhook', cause);
    }
    if (response.ok) {
      await response.body?.cancel();
      return { id, status: 'delivered' };
    }
    if (isRetryableStatus(response.status)) {
      await response.body?.cancel();
      throw retryableResponse('webhook', response);
    }
    throw await refusal(response, options.secret !== undefined);
  }

  return {
    name: 'webhook',
    send: (action: TractAction, context: SendContext) => deliver(action.id, action, context),
    /**
     * Posts a payment event as its own kind, on the same endpoint and with the
     * same signature as actions: `{ id, kind: 'donation.paid' | 'donation.refunded', occurredAt, donationId, payment, donation }`.
     */
    sendPaymentEvent: (event: DonationPaymentEvent, context: SendContext) => deliver(event.id, event, context),
  };
}

function parseEndpoint(url: string): URL {
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new TractError(
      'invalid_option',
      `webhook: "url" is not an absolute URL (${JSON.stringify(url)}); give the full https:// address of the receiver.`,
    );
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new TractError('invalid_option', `webhook: "url" must be http(s), not ${endpoint.protocol}`);
  }
  if (endpoint.username || endpoint.password) {
    throw new TractError(
      'invalid_option',
      'webhook: "url" contains credentials; secrets never belong in URLs. Use the "secret" option to sign deliveries.',
    );
  }
  return endpoint;
}

/** A permanent refusal. 401/403 mean the receiver does not accept our signature (or wants one). */
async function refusal(response: Response, signed: boolean): Promise<TractRejectedError> {
  const reason = (await response.text().catch(() => '')).slice(0, 500).trim();
  const suffix = reason ? `: ${reason}` : '';
  if (response.status === 401 || response.status === 403) {
    return new TractRejectedError({
      status: response.status,
      code: 'unauthorized',
      setting: 'secret',
      message: signed
        ? `webhook: the receiver refused the signature (HTTP ${response.status}); check that "secret" matches the receiver's secret${suffix}`
        : `webhook: the receiver requires authentication (HTTP ${response.status}); set "secret" to the receiver's signing secret${suffix}`,
    });
  }
  return new TractRejectedError({
    status: response.status,
    code: 'rejected',
    message: `webhook: the receiver refused the action (HTTP ${response.status})${suffix}`,
  });
}

/**
 * The `Tract-Signature` header value for a body: `t=<timestamp>,v1=<hex>`.
 * Receivers in other languages recompute `HMAC-SHA256(secret, "<t>.<body>")`.
 * @param body the exact bytes sent, as a string
 * @param secret the shared secret
 * @param timestamp unix time in seconds
 */
export async function signWebhook(input: { body: string; secret: string; timestamp: number }): Promise<string> {
  const mac = await hmacSha256Hex(input.secret, `${input.timestamp}.${input.body}`);
  return `t=${input.timestamp},v1=${mac}`;
}

/** Why `verifyWebhook` refused a delivery: stable codes of the `TractError` it throws. */
export type WebhookVerificationFailure = 'signature_header_malformed' | 'signature_expired' | 'signature_mismatch';

/**
 * Checks a delivery's `Tract-Signature` header and returns the action it carries.
 * Throws a `TractError` whose `code` is a `WebhookVerificationFailure` when the
 * header is missing or malformed, the timestamp is outside the window, or no
 * `v1` signature matches (compared in constant time by WebCrypto).
 * @param body the raw request body, exactly as received (before any JSON parsing)
 * @param header the `Tract-Signature` header value
 * @param secret the shared secret
 * @param toleranceSeconds how old (or how far in the future) a timestamp may be; default 300
 * @param now current time in milliseconds (default `Date.now()`)
 */
export async function verifyWebhook(input: {
  body: string;
  header: string | null | undefined;
  secret: string;
  toleranceSeconds?: number;
  now?: number;
}): Promise<TractAction> {
  const { timestamp, signatures } = parseSignatureHeader(input.header);
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new TractError(
      'signature_expired',
      `Tract-Signature timestamp ${timestamp} is more than ${tolerance} s away from now (${nowSeconds}); refuse it as a possible replay.`,
    );
  }
  const signed = `${timestamp}.${input.body}`;
  for (const signature of signatures) {
    if (await verifyHmacSha256Hex(input.secret, signed, signature)) return JSON.parse(input.body) as TractAction;
  }
  throw new TractError(
    'signature_mismatch',
    "Tract-Signature does not match the body: the body was altered or the secret differs from the sender's.",
  );
}

/** `t=<digits>` once, then one or more `v1=<64 hex>` (several during a secret rotation); other schemes are ignored. */
function parseSignatureHeader(header: string | null | undefined): { timestamp: number; signatures: string[] } {
  const malformed = (why: string) =>
    new TractError('signature_header_malformed', `Tract-Signature header is malformed: ${why}. Expected "t=<unix seconds>,v1=<hex>".`);
  if (!header) throw malformed('it is missing');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) throw malformed(`"${part.trim().slice(0, 20)}" is not key=value`);
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) throw malformed('the timestamp is repeated or not a number');
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) throw malformed('a v1 signature is not 64 lowercase hex digits');
      signatures.push(value);
    }
  }
  if (timestamp === undefined) throw malformed('no t= timestamp');
  if (signatures.length === 0) throw malformed('no v1= signature');
  return { timestamp, signatures };
}
