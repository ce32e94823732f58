/**
 * HelloAsso (API v5), used by many French associations, including campaign
 * financing associations ("association de financement électoral"). The
 * relay gets an OAuth2 token with the client-credentials grant (cached until
 * shortly before it expires, then refreshed with its refresh token, or asked
 * again), creates a checkout intent per pledge (the pledge id in its
 * metadata), and sends the donor to its `redirectUrl`. HelloAsso's
 * notifications are not signed: the webhook trusts none of their content and
 * fetches the checkout intent from the API to see whether an order was paid
 * (`helloasso-webhook.ts`). Client id and secret come from
 * `HELLOASSO_CLIENT_ID` / `HELLOASSO_CLIENT_SECRET` only.
 */
import { ConfigError } from '../config/load.js';
import type { RelayConfig } from '../config/schema.js';
import { type Checkout, type CheckoutRequest, type PaymentProvider, PaymentProviderError, returnUrls } from './provider.js';

/** A checkout intent's order, as the API returns it once the donor paid. */
export interface HelloAssoOrder {
  id: number;
  amount?: { total?: number };
  payments?: { id: number; amount: number; state: string }[];
}

export interface HelloAssoIntent {
  id: number;
  redirectUrl?: string;
  metadata?: Record<string, unknown> | null;
  order?: HelloAssoOrder | null;
}

export interface HelloAssoProvider extends PaymentProvider {
  readonly name: 'helloasso';
  /** The checkout intent as HelloAsso's API has it now. */
  fetchIntent(id: string): Promise<HelloAssoIntent>;
}

interface Token {
  access: string;
  refresh: string | undefined;
  expiresAt: number;
}

/** How long a checkout intent's link stays usable, counted against the cap meanwhile (HelloAsso's is shorter). */
const INTENT_MINUTES = 45;
/** A token is renewed this long before it expires, so no call carries one that dies on the way. */
const TOKEN_MARGIN_MS = 60_000;
const MAX_RETRIES = 2;

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (!value) {
    throw new ConfigError(
      `donations.provider is "helloasso": set ${name} in the environment (secrets never go in tract.config.json; see the relay README, "Payments").`,
    );
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function helloassoProvider(config: RelayConfig, env: Record<string, string | undefined>, now = () => Date.now()): HelloAssoProvider {
  const settings = config.donations!.helloasso!;
  const clientId = required(env, 'HELLOASSO_CLIENT_ID');
  const clientSecret = required(env, 'HELLOASSO_CLIENT_SECRET');
  const base = settings.apiUrl;
  const organization = `${base}/v5/organizations/${encodeURIComponent(settings.organizationSlug)}`;
  let token: Token | undefined;
  let pending: Promise<Token> | undefined;

  /** One request, retried on 429 (after its Retry-After) and network failures. */
  async function send(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
      } catch (error) {
        if (attempt < MAX_RETRIES) continue;
        throw new PaymentProviderError('helloasso', (error as { name?: string }).name ?? 'network_error');
      }
      if (response.status !== 429 || attempt >= MAX_RETRIES) return response;
      await response.arrayBuffer();
      const wait = Number(response.headers.get('retry-after') ?? '1');
      await sleep(Math.min(10, Number.isFinite(wait) ? wait : 1) * 1000);
    }
  }

  async function grant(body: Record<string, string>): Promise<Token | undefined> {
    const response = await send(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(body).toString(),
    });
    if (!response.ok) {
      await response.arrayBuffer();
      return undefined;
    }
    const data = (await response.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
    if (!data.access_token) return undefined;
    return {
      access: data.access_token,
      refresh: data.refresh_token,
      expiresAt: now() + (data.expires_in ?? 1800) * 1000 - TOKEN_MARGIN_MS,
    };
  }

  /** The cached token, refreshed (or asked again) when it is about to expire. */
  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > now()) return token.access;
    pending ??= (async () => {
      const refreshed = token?.refresh
        ? await grant({ grant_type: 'refresh_token', client_id: clientId, refresh_token: token.refresh })
        : undefined;
      const fresh = refreshed ?? (await grant({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }));
      if (!fresh) throw new PaymentProviderError('helloasso', 'token_refused');
      return fresh;
    })().finally(() => {
      pending = undefined;
    });
    token = await pending;
    return token.access;
  }

  /** An API call with the token; a 401 (the token was revoked) gets one new token and one more try. */
  async function api(path: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const access = await accessToken();
      const response = await send(`${organization}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${access}`, accept: 'application/json' },
      });
      if (response.status !== 401 || attempt > 0) return response;
      await response.arrayBuffer();
      token = undefined;
    }
  }

  return {
    name: 'helloasso',
    async createCheckout(request: CheckoutRequest): Promise<Checkout> {
      const { donation } = request;
      if (donation.recurrence !== 'one_off') throw new PaymentProviderError('helloasso', 'recurrence_unsupported');
      const urls = returnUrls(request.returnUrl, request.publicId);
      const error = new URL(urls.cancel);
      error.searchParams.set('tract_return', 'error');
      const response = await api('/checkout-intents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          totalAmount: donation.amount,
          initialAmount: donation.amount,
          itemName: settings.itemName,
          backUrl: urls.cancel,
          errorUrl: error.href,
          returnUrl: urls.success,
          containsDonation: true,
          payer: {
            email: donation.person.email,
            ...(donation.person.givenName ? { firstName: donation.person.givenName } : {}),
            ...(donation.person.familyName ? { lastName: donation.person.familyName } : {}),
          },
          metadata: { pledge_id: request.pledgeId },
        }),
      });
      if (!response.ok) {
        await response.arrayBuffer();
        throw new PaymentProviderError('helloasso', `http_${response.status}`);
      }
      const intent = (await response.json()) as HelloAssoIntent;
      if (!intent.redirectUrl || typeof intent.id !== 'number') throw new PaymentProviderError('helloasso', 'intent_without_url');
      return {
        url: intent.redirectUrl,
        checkoutRef: String(intent.id),
        expiresAt: new Date(request.now.getTime() + INTENT_MINUTES * 60_000),
      };
    },
    async fetchIntent(id: string): Promise<HelloAssoIntent> {
      const response = await api(`/checkout-intents/${encodeURIComponent(id)}`);
      if (!response.ok) {
        await response.arrayBuffer();
        throw new PaymentProviderError('helloasso', `http_${response.status}`);
      }
      return (await response.json()) as HelloAssoIntent;
    },
  };
}
