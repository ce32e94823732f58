/**
 * A local stand-in for the part of Stripe's API the relay uses, strict where
 * Stripe is: Bearer secret key (401 otherwise), form-encoded bodies whose
 * parameter names the `stripe` package's types declare (400
 * `parameter_unknown` otherwise), Stripe's error shape, idempotency keys,
 * and 429 with `Stripe-Should-Retry` when told to throttle. Objects are
 * Stripe's own example objects (`shared/fixtures/payments/stripe-fixtures3.json`)
 * with the values of the request. It also serves a checkout page that "pays"
 * and sends the signed webhooks Stripe would (`checkout.session.completed`,
 * `invoice.paid`...), signed with the package's `generateTestHeaderString`.
 * Used by the tests and by the demo (`TRACT_DEMO_PAYMENTS=stripe`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { StripeParamChecker } from './stripe-params.js';

/** Stripe's own example objects (see `test-fixtures/stripe/README.md`). */
const FIXTURES = fileURLToPath(new URL('../../test-fixtures/stripe/fixtures3.json', import.meta.url));

type StripeObject = Record<string, unknown> & { id: string };

let fixtures: Record<string, StripeObject> | undefined;

/** A fresh copy of Stripe's example object of `kind` (e.g. `checkout.session`). */
export function stripeFixture(kind: string): StripeObject {
  fixtures ??= (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, StripeObject> }).resources;
  const fixture = fixtures[kind];
  if (!fixture) throw new Error(`no Stripe fixture for ${kind}`);
  return structuredClone(fixture);
}

function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** Parses Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays; also returns the flat keys. */
export function parseStripeForm(body: string): { params: Record<string, unknown>; keys: string[] } {
  const params: Record<string, unknown> = {};
  const keys: string[] = [];
  for (const [key, value] of new URLSearchParams(body)) {
    keys.push(key);
    const path = key.replace(/\]/g, '').split('[');
    let node: Record<string, unknown> = params;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[i + 1]!);
      node[segment] ??= nextIsIndex ? [] : {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return { params, keys };
}

export interface StripeStandInOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where events are POSTed (the relay's `/v1/payments/stripe/webhook`); set later with `webhookUrl`. */
  webhookUrl?: string;
  /** Send each event as it happens (default true); tests that order events themselves turn it off. */
  autoDeliver?: boolean;
}

interface Throttle {
  remaining: number;
}

/** An event as Stripe sends it, on the example event's shape. */
function eventOf(type: string, object: StripeObject): Stripe.Event {
  const event = stripeFixture('event');
  return {
    ...event,
    id: stripeId('evt'),
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: Stripe.API_VERSION,
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  } as unknown as Stripe.Event;
}

export class StripeStandIn {
  readonly sessions = new Map<string, StripeObject>();
  readonly subscriptions = new Map<string, StripeObject>();
  readonly charges = new Map<string, StripeObject>();
  readonly paymentIntents = new Map<string, StripeObject>();
  /** Every event created, in order, and what the webhook answered to each delivery. */
  readonly events: Stripe.Event[] = [];
  readonly deliveries: { eventId: string; status: number }[] = [];
  /** The timestamp of each event's last signed delivery. */
  private readonly signedAt = new Map<string, number>();
  /** Every API request: method, path and flat parameter names (never their values). */
  readonly requests: { method: string; path: string; keys: string[]; status: number }[] = [];
  webhookUrl: string | undefined;
  url = '';
  private server: Server | undefined;
  private throttle: Throttle = { remaining: 0 };
  private idempotency = new Map<string, { hash: string; status: number; body: unknown }>();
  private readonly stripe = new Stripe('sk_test_unused', { telemetry: false });
  private checkers = new Map<string, StripeParamChecker>();

  constructor(readonly options: StripeStandInOptions) {
    this.webhookUrl = options.webhookUrl;
  }

  static async start(options: StripeStandInOptions, port = 0): Promise<StripeStandIn> {
    const standIn = new StripeStandIn(options);
    await standIn.listen(port);
    return standIn;
  }

  private listen(port: number): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: error.message } }));
      });
    });
    return new Promise((resolve) => {
      this.server!.listen(port, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Reads the `stripe` package's declarations now, so the first checkout does not wait for it. */
  warmUp(): void {
    setImmediate(() => {
      try {
        this.checker('Checkout/Sessions', 'Checkout.SessionCreateParams');
      } catch {
        // The first request will try again, and say why.
      }
    });
  }

  /** The next `count` API requests answer 429 (rate limited) with `Stripe-Should-Retry: true`. */
  throttleNext(count: number): void {
    this.throttle = { remaining: count };
  }

  private checker(resource: string, type: string): StripeParamChecker {
    const key = `${resource}#${type}`;
    let checker = this.checkers.get(key);
    if (!checker) {
      checker = new StripeParamChecker(resource, type);
      this.checkers.set(key, checker);
    }
    return checker;
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    if (url.pathname.startsWith('/pay/')) return this.checkoutPage(req, res, url, body);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': stripeId('req'), ...headers });
      res.end(JSON.stringify(payload));
    };
    const record = (keys: string[], status: number) => this.requests.push({ method: req.method ?? '', path: url.pathname, keys, status });

    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) {
      record([], 401);
      return send(
        401,
        stripeError(
          'invalid_request_error',
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        ),
      );
    }
    if (auth.slice(7) !== this.options.secretKey) {
      record([], 401);
      return send(
        401,
        stripeError('invalid_request_error', `Invalid API Key provided: ${auth.slice(7, 15)}${'*'.repeat(8)}`, { code: 'api_key_invalid' }),
      );
    }
    if (this.throttle.remaining > 0) {
      this.throttle.remaining -= 1;
      record([], 429);
      return send(
        429,
        stripeError(
          'invalid_request_error',
          'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          { code: 'rate_limit' },
        ),
        {
          'stripe-should-retry': 'true',
        },
      );
    }
    if (req.method === 'POST' && !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      record([], 400);
      return send(400, stripeError('invalid_request_error', 'Invalid request: the body must be application/x-www-form-urlencoded.'));
    }
    const { params, keys } = parseStripeForm(req.method === 'GET' || req.method === 'DELETE' ? url.searchParams.toString() : body);
    const route = this.route(req.method ?? 'GET', url.pathname);
    if (!route) {
      record(keys, 404);
      return send(404, stripeError('invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`));
    }
    const problem = route.params ? this.checker(route.params[0], route.params[1]).check(keys) : undefined;
    if (problem) {
      record(keys, 400);
      return send(
        400,
        stripeError('invalid_request_error', `Received unknown parameter: ${problem.param}`, { code: problem.code, param: problem.param }),
      );
    }
    const idempotencyKey = req.headers['idempotency-key'];
    const hash = createHash('sha256').update(`${req.method} ${url.pathname} ${body}`).digest('hex');
    if (req.method === 'POST' && typeof idempotencyKey === 'string') {
      const earlier = this.idempotency.get(idempotencyKey);
      if (earlier && earlier.hash !== hash) {
        record(keys, 400);
        return send(
          400,
          stripeError(
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          ),
        );
      }
      if (earlier) {
        record(keys, earlier.status);
        return send(earlier.status, earlier.body, { 'idempotent-replayed': 'true' });
      }
    }
    const [status, payload] = await route.run(params);
    if (req.method === 'POST' && typeof idempotencyKey === 'string') this.idempotency.set(idempotencyKey, { hash, status, body: payload });
    record(keys, status);
    send(status, payload);
  }

  private route(
    method: string,
    path: string,
  ): { params?: [string, string]; run(params: Record<string, unknown>): Promise<[number, unknown]> } | undefined {
    const session = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    const expire = path.match(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/);
    const subscription = path.match(/^\/v1\/subscriptions\/([^/]+)$/);
    const paymentIntent = path.match(/^\/v1\/payment_intents\/([^/]+)$/);
    if (method === 'GET' && paymentIntent) {
      const found = this.paymentIntents.get(paymentIntent[1]!);
      return {
        params: ['PaymentIntents', 'PaymentIntentRetrieveParams'],
        run: async () => (found ? [200, structuredClone(found)] : notFound('payment_intent', paymentIntent[1]!)),
      };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      return { params: ['Checkout/Sessions', 'Checkout.SessionCreateParams'], run: async (p) => [200, this.createSession(p)] };
    }
    if (method === 'GET' && session) {
      const found = this.sessions.get(session[1]!);
      return {
        params: ['Checkout/Sessions', 'Checkout.SessionRetrieveParams'],
        run: async () => (found ? [200, publicCopy(found)] : notFound('checkout.session', session[1]!)),
      };
    }
    if (method === 'POST' && expire) {
      const id = expire[1]!;
      return {
        params: ['Checkout/Sessions', 'Checkout.SessionExpireParams'],
        run: async () => {
          const found = this.sessions.get(id);
          if (!found) return notFound('checkout.session', id);
          if (found.status !== 'open') {
            return [400, stripeError('invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.')];
          }
          await this.expire(id);
          return [200, publicCopy(found)];
        },
      };
    }
    if (method === 'DELETE' && subscription) {
      const id = subscription[1]!;
      return {
        params: ['Subscriptions', 'SubscriptionCancelParams'],
        run: async () => {
          if (!this.subscriptions.has(id)) return notFound('subscription', id);
          await this.endSubscription(id);
          return [200, this.subscriptions.get(id)];
        },
      };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      return {
        params: ['Refunds', 'RefundCreateParams'],
        run: async (p) => {
          const charge = [...this.charges.values()].find((c) => c.payment_intent === p.payment_intent || c.id === p.charge);
          if (!charge)
            return [
              400,
              stripeError('invalid_request_error', 'No such payment_intent', { code: 'resource_missing', param: 'payment_intent' }),
            ];
          const refund = await this.refund(charge.id, p.amount === undefined ? undefined : Number(p.amount));
          return [200, refund];
        },
      };
    }
    return undefined;
  }

  private createSession(p: Record<string, unknown>): StripeObject {
    const item = (p.line_items as Record<string, unknown>[] | undefined)?.[0] as
      | { quantity?: string; price_data?: { currency?: string; unit_amount?: string } }
      | undefined;
    const quantity = Number(item?.quantity ?? 1);
    const amount = Number(item?.price_data?.unit_amount ?? 0) * quantity;
    const id = stripeId('cs');
    const session = stripeFixture('checkout.session');
    Object.assign(session, {
      id,
      mode: p.mode ?? 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount,
      amount_total: amount,
      currency: item?.price_data?.currency ?? null,
      client_reference_id: p.client_reference_id ?? null,
      customer_email: p.customer_email ?? null,
      customer: null,
      metadata: p.metadata ?? {},
      success_url: p.success_url ?? null,
      cancel_url: p.cancel_url ?? null,
      locale: p.locale ?? null,
      submit_type: p.submit_type ?? null,
      expires_at: p.expires_at ? Number(p.expires_at) : Math.floor(Date.now() / 1000) + 86_400,
      created: Math.floor(Date.now() / 1000),
      payment_intent: null,
      subscription: null,
      invoice: null,
      url: `${this.url}/pay/${id}`,
      livemode: false,
    });
    // Kept for what the session will create: the metadata each of them carries.
    (session as Record<string, unknown>)._create = {
      payment_intent_metadata: (p.payment_intent_data as { metadata?: unknown } | undefined)?.metadata ?? {},
      subscription_metadata: (p.subscription_data as { metadata?: unknown } | undefined)?.metadata ?? {},
    };
    this.sessions.set(id, session);
    return publicCopy(session);
  }

  // ---- What happens at Stripe, each sending its events ----

  /**
   * The donor pays at the checkout: `delayed` for a payment method that
   * confirms later (the session completes unpaid; `settleAsync` ends it).
   */
  async complete(sessionId: string, options: { delayed?: boolean } = {}): Promise<Stripe.Event[]> {
    const session = this.mustSession(sessionId);
    if (session.status !== 'open') throw new Error(`session ${sessionId} is ${session.status}`);
    const created = (session as Record<string, unknown>)._create as { payment_intent_metadata: object; subscription_metadata: object };
    const customer = stripeId('cus');
    const events: Stripe.Event[] = [];
    session.status = 'complete';
    session.customer = customer;
    session.customer_details = { ...(session.customer_details as object), email: session.customer_email };
    if (session.mode === 'subscription') {
      const subscription = stripeFixture('subscription');
      Object.assign(subscription, {
        id: stripeId('sub'),
        customer,
        status: 'active',
        metadata: created.subscription_metadata,
        cancel_at: null,
        canceled_at: null,
        ended_at: null,
        created: Math.floor(Date.now() / 1000),
      });
      this.subscriptions.set(subscription.id, subscription);
      session.subscription = subscription.id;
      session.payment_status = 'paid';
      events.push(eventOf('checkout.session.completed', publicCopy(session)));
      events.push(this.invoicePaidEvent(subscription, Number(session.amount_total)));
    } else {
      const paymentIntent = stripeId('pi');
      session.payment_intent = paymentIntent;
      session.payment_status = options.delayed ? 'unpaid' : 'paid';
      if (!options.delayed) this.charge(paymentIntent, customer, Number(session.amount_total), created.payment_intent_metadata);
      events.push(eventOf('checkout.session.completed', publicCopy(session)));
    }
    return this.emit(events);
  }

  /** A delayed payment method settles: `checkout.session.async_payment_succeeded` or `..._failed`. */
  async settleAsync(sessionId: string, succeeded: boolean): Promise<Stripe.Event[]> {
    const session = this.mustSession(sessionId);
    if (succeeded) {
      session.payment_status = 'paid';
      const created = (session as Record<string, unknown>)._create as { payment_intent_metadata: object };
      this.charge(String(session.payment_intent), String(session.customer), Number(session.amount_total), created.payment_intent_metadata);
    }
    return this.emit([eventOf(`checkout.session.async_payment_${succeeded ? 'succeeded' : 'failed'}`, publicCopy(session))]);
  }

  /** The session passes its `expires_at` unpaid: `checkout.session.expired`. */
  async expire(sessionId: string): Promise<Stripe.Event[]> {
    const session = this.mustSession(sessionId);
    session.status = 'expired';
    return this.emit([eventOf('checkout.session.expired', publicCopy(session))]);
  }

  /** The next monthly payment of a subscription: `invoice.paid`. */
  async payNextInvoice(subscriptionId: string): Promise<Stripe.Event[]> {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`no subscription ${subscriptionId}`);
    const session = [...this.sessions.values()].find((s) => s.subscription === subscriptionId)!;
    return this.emit([this.invoicePaidEvent(subscription, Number(session.amount_total))]);
  }

  /** The subscription ends (cancelled by the donor, the campaign or the relay): `customer.subscription.deleted`. */
  async endSubscription(subscriptionId: string): Promise<Stripe.Event[]> {
    const subscription = this.subscriptions.get(subscriptionId)!;
    const now = Math.floor(Date.now() / 1000);
    Object.assign(subscription, { status: 'canceled', canceled_at: now, ended_at: now });
    return this.emit([eventOf('customer.subscription.deleted', subscription)]);
  }

  /** Refunds `amount` (default: what is left) of a charge: `charge.refunded`. Returns the refund. */
  async refund(chargeId: string, amount?: number): Promise<StripeObject> {
    const charge = this.charges.get(chargeId)!;
    const left = Number(charge.amount) - Number(charge.amount_refunded);
    const refunded = Math.min(left, amount ?? left);
    Object.assign(charge, {
      amount_refunded: Number(charge.amount_refunded) + refunded,
      refunded: Number(charge.amount_refunded) + refunded >= Number(charge.amount),
    });
    const refund = stripeFixture('refund');
    Object.assign(refund, {
      id: stripeId('re'),
      amount: refunded,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      status: 'succeeded',
    });
    await this.emit([eventOf('charge.refunded', charge)]);
    return refund;
  }

  /** The charge of a one-off session's payment, or the latest of a subscription's customer. */
  chargeOf(sessionId: string): StripeObject {
    const session = this.mustSession(sessionId);
    const charges = [...this.charges.values()].filter(
      (c) => c.payment_intent === session.payment_intent || c.customer === session.customer,
    );
    return charges.at(-1)!;
  }

  private charge(paymentIntent: string | null, customer: string, amount: number, metadata: object = {}): StripeObject {
    const charge = stripeFixture('charge');
    Object.assign(charge, {
      id: stripeId('ch'),
      amount,
      amount_captured: amount,
      amount_refunded: 0,
      refunded: false,
      captured: true,
      paid: true,
      status: 'succeeded',
      payment_intent: paymentIntent,
      customer,
      created: Math.floor(Date.now() / 1000),
    });
    this.charges.set(charge.id, charge);
    if (paymentIntent) {
      // The payment intent behind the charge, with the metadata its creator gave it.
      const intent = stripeFixture('payment_intent');
      Object.assign(intent, {
        id: paymentIntent,
        amount,
        amount_received: amount,
        currency: charge.currency,
        customer,
        metadata,
        status: 'succeeded',
        latest_charge: charge.id,
        created: charge.created,
      });
      this.paymentIntents.set(paymentIntent, intent);
    }
    return charge;
  }

  private invoicePaidEvent(subscription: StripeObject, amount: number): Stripe.Event {
    const invoice = stripeFixture('invoice');
    const id = stripeId('in');
    this.charge(stripeId('pi'), String(subscription.customer), amount);
    Object.assign(invoice, {
      id,
      customer: subscription.customer,
      status: 'paid',
      amount_due: amount,
      amount_paid: amount,
      amount_remaining: 0,
      billing_reason: 'subscription_cycle',
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: subscription.id, metadata: subscription.metadata },
      },
      created: Math.floor(Date.now() / 1000),
    });
    return eventOf('invoice.paid', invoice);
  }

  private mustSession(id: string): StripeObject {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    return session;
  }

  // ---- Webhooks ----

  /** The `Stripe-Signature` header Stripe would send for `payload`, made with the package's own helper. */
  signature(payload: string, options: { timestamp?: number; secret?: string } = {}): string {
    return this.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.options.webhookSecret,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    });
  }

  /**
   * POSTs `event` to the webhook as Stripe does; returns the status (0 when
   * the connection failed). Like Stripe, each delivery is signed afresh: a
   * retry always carries a later timestamp than the delivery before it.
   */
  async deliver(event: Stripe.Event, options: { timestamp?: number; secret?: string; signature?: string } = {}): Promise<number> {
    if (!this.webhookUrl) throw new Error('no webhook URL');
    const payload = JSON.stringify(event, null, 2);
    if (options.timestamp === undefined && options.signature === undefined) {
      const last = this.signedAt.get(event.id) ?? 0;
      options = { ...options, timestamp: Math.max(Math.floor(Date.now() / 1000), last + 1) };
      this.signedAt.set(event.id, options.timestamp!);
    }
    let status = 0;
    try {
      const response = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': options.signature ?? this.signature(payload, options),
        },
        body: payload,
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    this.deliveries.push({ eventId: event.id, status });
    return status;
  }

  private async emit(events: Stripe.Event[]): Promise<Stripe.Event[]> {
    this.events.push(...events);
    if (this.options.autoDeliver !== false && this.webhookUrl) for (const event of events) await this.deliver(event);
    return events;
  }

  // ---- The checkout page ----

  private async checkoutPage(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const [, , id, action] = url.pathname.split('/');
    const session = this.sessions.get(id ?? '');
    if (!session) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('No such checkout session.');
      return;
    }
    if (req.method === 'POST' && action === 'pay' && session.status === 'open') {
      void body;
      await this.complete(session.id);
      res.writeHead(303, { location: String(session.success_url) });
      res.end();
      return;
    }
    if (req.method === 'POST' && action === 'cancel') {
      res.writeHead(303, { location: String(session.cancel_url) });
      res.end();
      return;
    }
    const amount = (Number(session.amount_total) / 100).toFixed(2);
    const monthly = session.mode === 'subscription';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title>
<style>body{font:16px system-ui;max-width:30rem;margin:3rem auto}button{font:inherit;padding:.5rem 1rem;margin-right:.5rem}</style></head>
<body><h1>Stripe stand-in checkout</h1>
<p>A local stand-in for Stripe Checkout: no card, no money. Paying sends the signed webhooks Stripe would.</p>
<p>Amount: <strong id="amount">${amount} ${String(session.currency).toUpperCase()}${monthly ? ' / month' : ''}</strong></p>
<p>Status: <span id="status">${session.status}</span></p>
<form method="post" action="/pay/${session.id}/pay" style="display:inline"><button id="pay">Pay ${amount}</button></form>
<form method="post" action="/pay/${session.id}/cancel" style="display:inline"><button id="cancel">Back to the site</button></form>
</body></html>`);
  }
}

function stripeError(type: string, message: string, extra: { code?: string; param?: string } = {}) {
  return {
    error: {
      type,
      message,
      ...extra,
      ...(extra.code ? { doc_url: `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}` } : {}),
    },
  };
}

function notFound(kind: string, id: string): [number, unknown] {
  return [404, stripeError('invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: 'id' })];
}

/** An object as the API returns it: without the stand-in's own bookkeeping. */
function publicCopy(object: StripeObject): StripeObject {
  const { _create, ...rest } = object as StripeObject & { _create?: unknown };
  void _create;
  return structuredClone(rest) as StripeObject;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
