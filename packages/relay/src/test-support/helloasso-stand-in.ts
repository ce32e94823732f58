/**
 * A local stand-in for HelloAsso's API v5, as its documentation describes
 * it: the OAuth2 token endpoint (client credentials and refresh token grants,
 * form-encoded, `invalid_client` / `invalid_grant` errors), Bearer tokens
 * that expire (401 afterwards), JSON checkout intents under the
 * organization's slug (400 with an `errors` list when a required field is
 * missing, 415 for anything but JSON), 429 with `Retry-After` when told to
 * throttle, a checkout page that pays, and the unsigned notifications
 * HelloAsso POSTs (`eventType` `Order`, then `Payment` for a refund). Used by
 * the tests and reusable by the demo.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HelloAssoStandInOptions {
  clientId: string;
  clientSecret: string;
  organizationSlug: string;
  /** Access token lifetime in seconds (HelloAsso's is 1800). */
  tokenSeconds?: number;
  /** Where notifications are POSTed (the relay's `/v1/payments/helloasso/webhook`). */
  notificationUrl?: string;
  /** Send each notification as it happens (default true). */
  autoNotify?: boolean;
}

interface Intent {
  id: number;
  body: Record<string, unknown>;
  order?: {
    id: number;
    date: string;
    amount: { total: number; vat: number; discount: number };
    payments: { id: number; amount: number; state: string; date: string }[];
  };
}

const REQUIRED_INTENT_FIELDS = ['totalAmount', 'initialAmount', 'itemName', 'backUrl', 'errorUrl', 'returnUrl', 'containsDonation'];

export class HelloAssoStandIn {
  url = '';
  notificationUrl: string | undefined;
  readonly intents = new Map<number, Intent>();
  /** Every request: method, path and status (never a body). */
  readonly requests: { method: string; path: string; status: number }[] = [];
  readonly notifications: { body: unknown; status: number }[] = [];
  /** The grant type of every token given. */
  readonly grants: string[] = [];
  private tokens = new Map<string, number>();
  private refreshTokens = new Set<string>();
  private server: Server | undefined;
  private throttled = 0;
  private nextId = 10_000;

  constructor(readonly options: HelloAssoStandInOptions) {
    this.notificationUrl = options.notificationUrl;
  }

  static async start(options: HelloAssoStandInOptions): Promise<HelloAssoStandIn> {
    const standIn = new HelloAssoStandIn(options);
    standIn.server = createServer((req, res) => {
      standIn.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'InternalError', message: error.message }] }));
      });
    });
    await new Promise<void>((resolve) => standIn.server!.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  throttleNext(count: number): void {
    this.throttled = count;
  }

  /** Every access token given so far stops working (as if revoked or expired). */
  expireTokens(): void {
    this.tokens.clear();
  }

  tokenGrants(): number {
    return this.requests.filter((r) => r.path === '/oauth2/token' && r.status === 200).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (url.pathname.startsWith('/checkout/')) return this.checkoutPage(req, res, url);
    if (this.throttled > 0) {
      this.throttled -= 1;
      return send(429, { errors: [{ code: 'TooManyRequests', message: 'Too many requests.' }] }, { 'retry-after': '1' });
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return send(400, { error: 'invalid_request', error_description: 'The content type must be application/x-www-form-urlencoded.' });
      }
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== this.options.clientId)
        return send(401, { error: 'invalid_client', error_description: 'Invalid client.' });
      if (form.get('grant_type') === 'client_credentials') {
        if (form.get('client_secret') !== this.options.clientSecret)
          return send(401, { error: 'invalid_client', error_description: 'Invalid client secret.' });
        return send(200, this.issueToken('client_credentials'));
      }
      if (form.get('grant_type') === 'refresh_token') {
        const refresh = form.get('refresh_token') ?? '';
        if (!this.refreshTokens.delete(refresh)) return send(400, { error: 'invalid_grant', error_description: 'Invalid refresh token.' });
        return send(200, this.issueToken('refresh_token'));
      }
      return send(400, { error: 'unsupported_grant_type' });
    }
    const auth = req.headers.authorization ?? '';
    const expires = this.tokens.get(auth.replace(/^Bearer /, ''));
    if (!auth.startsWith('Bearer ') || expires === undefined || expires < Date.now()) {
      return send(401, { message: 'Authorization has been denied for this request.' });
    }
    const prefix = `/v5/organizations/${this.options.organizationSlug}/checkout-intents`;
    if (!url.pathname.startsWith('/v5/organizations/')) return send(404, { errors: [{ code: 'NotFound', message: 'Not found.' }] });
    if (!url.pathname.startsWith(prefix))
      return send(403, { errors: [{ code: 'Forbidden', message: 'You may not access this organization.' }] });
    if (url.pathname === prefix && req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(415, { errors: [{ code: 'UnsupportedMediaType', message: 'Send JSON.' }] });
      let intent: Record<string, unknown>;
      try {
        intent = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return send(400, { errors: [{ code: 'InvalidBody', message: 'The body is not valid JSON.' }] });
      }
      const missing = REQUIRED_INTENT_FIELDS.filter(
        (field) => intent[field] === undefined || intent[field] === null || intent[field] === '',
      );
      if (missing.length > 0)
        return send(400, { errors: missing.map((field) => ({ code: 'ArgumentNullException', message: `${field} is required`, field })) });
      if (!Number.isInteger(intent.totalAmount) || (intent.totalAmount as number) < 50) {
        return send(400, { errors: [{ code: 'InvalidAmount', message: 'totalAmount must be at least 50 cents.', field: 'totalAmount' }] });
      }
      const id = this.nextId++;
      this.intents.set(id, { id, body: intent });
      return send(200, { id, redirectUrl: `${this.url}/checkout/${id}` });
    }
    const match = url.pathname.slice(prefix.length).match(/^\/(\d+)$/);
    if (match && req.method === 'GET') {
      const intent = this.intents.get(Number(match[1]));
      if (!intent) return send(404, { errors: [{ code: 'NotFound', message: 'Checkout intent not found.' }] });
      return send(200, this.intentView(intent));
    }
    return send(404, { errors: [{ code: 'NotFound', message: 'Not found.' }] });
  }

  private issueToken(grant: string) {
    this.grants.push(grant);
    const access = randomBytes(24).toString('base64url');
    const refresh = randomBytes(24).toString('base64url');
    const seconds = this.options.tokenSeconds ?? 1800;
    this.tokens.set(access, Date.now() + seconds * 1000);
    this.refreshTokens.add(refresh);
    return { access_token: access, token_type: 'bearer', expires_in: seconds, refresh_token: refresh };
  }

  /** A checkout intent as `GET .../checkout-intents/{id}` returns it: with its order once paid. */
  intentView(intent: Intent) {
    return {
      id: intent.id,
      redirectUrl: `${this.url}/checkout/${intent.id}`,
      metadata: intent.body.metadata ?? null,
      ...(intent.order ? { order: { ...intent.order, checkoutIntentId: intent.id, formType: 'Checkout', formSlug: 'checkout' } } : {}),
    };
  }

  /** The donor pays: an order appears on the intent, and HelloAsso notifies (`eventType: Order`). */
  async pay(intentId: number): Promise<unknown> {
    const intent = this.intents.get(intentId)!;
    const amount = intent.body.totalAmount as number;
    const date = new Date().toISOString();
    intent.order = {
      id: this.nextId++,
      date,
      amount: { total: amount, vat: 0, discount: 0 },
      payments: [{ id: this.nextId++, amount, state: 'Authorized', date }],
    };
    const notification = { eventType: 'Order', data: { ...this.intentView(intent).order }, metadata: intent.body.metadata ?? null };
    if (this.options.autoNotify !== false) await this.notify(notification);
    return notification;
  }

  /** The association refunds the order: its payment becomes `Refunded`, and HelloAsso notifies (`eventType: Payment`). */
  async refund(intentId: number): Promise<unknown> {
    const intent = this.intents.get(intentId)!;
    for (const payment of intent.order!.payments) payment.state = 'Refunded';
    const payment = intent.order!.payments[0]!;
    const notification = {
      eventType: 'Payment',
      data: { ...payment, order: { id: intent.order!.id, checkoutIntentId: intent.id } },
      metadata: intent.body.metadata ?? null,
    };
    if (this.options.autoNotify !== false) await this.notify(notification);
    return notification;
  }

  /** POSTs a notification, unsigned, as HelloAsso does; returns the status (0 when the connection failed). */
  async notify(notification: unknown): Promise<number> {
    if (!this.notificationUrl) throw new Error('no notification URL');
    let status = 0;
    try {
      const response = await fetch(this.notificationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 0;
    }
    this.notifications.push({ body: notification, status });
    return status;
  }

  private async checkoutPage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , idText, action] = url.pathname.split('/');
    const intent = this.intents.get(Number(idText));
    if (!intent) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Paiement introuvable.');
      return;
    }
    if (req.method === 'POST' && action === 'pay') {
      if (!intent.order) await this.pay(intent.id);
      const back = new URL(String(intent.body.returnUrl));
      back.searchParams.set('checkoutIntentId', String(intent.id));
      back.searchParams.set('code', 'succeeded');
      back.searchParams.set('orderId', String(intent.order!.id));
      res.writeHead(303, { location: back.href });
      res.end();
      return;
    }
    if (req.method === 'POST' && action === 'back') {
      res.writeHead(303, { location: String(intent.body.backUrl) });
      res.end();
      return;
    }
    const amount = ((intent.body.totalAmount as number) / 100).toFixed(2);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>HelloAsso (stand-in)</title></head>
<body><h1>Paiement HelloAsso (stand-in local)</h1><p>Montant : <strong id="amount">${amount} €</strong></p>
<form method="post" action="/checkout/${intent.id}/pay" style="display:inline"><button id="pay">Payer ${amount} €</button></form>
<form method="post" action="/checkout/${intent.id}/back" style="display:inline"><button id="cancel">Retour au site</button></form></body></html>`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
