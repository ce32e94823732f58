/**
 * `relay()`: the backend that speaks PROTOCOL.md to a Tract relay. Public
 * actions need no secret, so it runs anywhere; contacts need the organizer
 * token, which stays on servers unless the caller opts in by name.
 */
import type { Backend, Receipt, SendContext } from '../backend.js';
import { TractNetworkError, TractRejectedError } from '../errors.js';
import { isRetryableStatus, networkFailure, retryableResponse } from '../http.js';
import { loadIssueMessages } from '../messages/locale.js';
import { type FieldIssue, ISSUE_CODES, type IssueCode } from '../schema/codes.js';
import type { BotSignals, TractAction } from '../schema/envelope.js';
import { assertSecretStaysOnServer } from '../secret-guard.js';

export interface RelayOptions {
  /** The relay's base URL, e.g. `https://relay.example.org` (a path prefix such as `/tract` is kept). */
  url: string;
  /** Organizer token, sent as `Authorization: Bearer` on `POST /v1/contacts` only. A secret: refused in browsers without `dangerouslyAllowBrowser`. */
  token?: string;
  /** Lets a token run in a browser. Only for a browser that belongs to the organizer the token identifies (the Tract extension). */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Solves a proof-of-work challenge: receives the parsed body of `GET /v1/challenge`
   * and resolves with the `bot.challenge` payload (altcha-lib's `solveChallenge`,
   * ideally in a worker). When given, every public submission fetches and solves
   * a fresh challenge for its form, and a `403 challenge_failed` is retried once with a new one.
   */
  solveChallenge?: (challenge: unknown, signal?: AbortSignal) => Promise<string>;
  /** Per-request timeout; a request that takes longer fails as a retryable network error. Default 15 s. */
  timeoutMs?: number;
}

const PATHS: { [K in TractAction['kind']]: (action: Extract<TractAction, { kind: K }>) => string } = {
  signup: () => '/v1/signups',
  petition_signature: (action) => `/v1/petitions/${encodeURIComponent(action.data.petitionId)}/signatures`,
  rsvp: (action) => `/v1/events/${encodeURIComponent(action.data.eventId)}/rsvps`,
  donation: () => '/v1/donations',
  contact: () => '/v1/contacts',
  field_result: () => '/v1/field/results',
};

/**
 * The form a public action is posted to, as `GET /v1/challenge?form=` names it
 * (`signup`, `petition_signature:<id>`...): a busy form asks more work. Kinds
 * and ids are URL-safe by their schemas, so the value needs no encoding.
 */
function formOf({ kind, data }: TractAction): string {
  const { petitionId, eventId } = data as { petitionId?: string; eventId?: string };
  const id = petitionId ?? eventId;
  return id ? `${kind}:${id}` : kind;
}

/** Contacts (organizers) and field results (volunteers) are posted with a token, never with bot signals. */
const tokenKind = ({ kind }: TractAction): boolean => kind === 'contact' || kind === 'field_result';

const RECEIPT_STATUSES: readonly string[] = ['accepted', 'waitlisted', 'pending'];

interface RelayAnswer {
  response: Response;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
}

interface RelayErrorBody {
  code?: unknown;
  message?: unknown;
  rule?: unknown;
  issues?: unknown;
}

function errorOf(body: unknown): RelayErrorBody {
  const error = (body as { error?: unknown } | undefined)?.error;
  return error && typeof error === 'object' ? (error as RelayErrorBody) : {};
}

/** The relay's issues as Tract field issues: unknown codes become `invalid_input`, missing messages are filled in `locale`. */
async function mapIssues(raw: unknown, locale: string | undefined): Promise<FieldIssue[]> {
  if (!Array.isArray(raw)) return [];
  const messages = await loadIssueMessages(locale);
  return raw.flatMap((item): FieldIssue[] => {
    if (!item || typeof item !== 'object') return [];
    const { path, code, message, params } = item as Record<string, unknown>;
    const known = (ISSUE_CODES as readonly unknown[]).includes(code) ? (code as IssueCode) : 'invalid_input';
    const issue: FieldIssue = {
      path: typeof path === 'string' ? path : '',
      code: known,
      message: typeof message === 'string' ? message : messages[known]({}),
    };
    if (params && typeof params === 'object') issue.params = params as Record<string, string | number>;
    return [issue];
  });
}

/** A definitive refusal (any 4xx but 408 and 429), with the relay's reason. */
async function rejection(answer: RelayAnswer, locale: string | undefined): Promise<TractRejectedError> {
  const { status } = answer.response;
  const error = errorOf(answer.body);
  const code = typeof error.code === 'string' ? error.code : `http_${status}`;
  const reason = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  return new TractRejectedError({
    status,
    code,
    message: `relay: ${reason} (${code})`,
    issues: await mapIssues(error.issues, locale),
    ...(typeof error.rule === 'string' && { rule: error.rule }),
    ...(status === 401 && { setting: 'token' }),
  });
}

/** An answer that is not the relay's (a captive portal, a misconfigured proxy): retryable, since the same key makes a retry safe. */
function foreignAnswer(status: number): TractNetworkError {
  return new TractNetworkError({
    code: 'invalid_response',
    message: `relay: HTTP ${status} without a Tract receipt; is the URL a Tract relay?`,
    status,
  });
}

function receiptOf(answer: RelayAnswer, idempotencyKey: string): Receipt {
  const body = answer.body as Partial<Receipt> | undefined;
  if (!body || typeof body.status !== 'string' || !RECEIPT_STATUSES.includes(body.status)) throw foreignAnswer(answer.response.status);
  const receipt: Receipt = { id: typeof body.id === 'string' ? body.id : idempotencyKey, status: body.status };
  if (typeof body.checkoutUrl === 'string') receipt.checkoutUrl = body.checkoutUrl;
  if (typeof body.statusId === 'string') receipt.statusId = body.statusId;
  if (typeof body.retainUntil === 'string') receipt.retainUntil = body.retainUntil;
  if (body.confirmation === 'email') receipt.confirmation = 'email';
  return receipt;
}

/**
 * A backend posting to a Tract relay, exactly as PROTOCOL.md describes:
 * one endpoint per action kind, the action id as `Idempotency-Key`,
 * `Accept-Language` from the client's locale, bot signals in the body of
 * public actions, the organizer token on contacts.
 * @throws TractError `secret_in_browser` when built with a `token` in a browser without `dangerouslyAllowBrowser`
 */
export function relay(options: RelayOptions): Backend {
  if (options.token !== undefined) assertSecretStaysOnServer('relay', 'token', options.dangerouslyAllowBrowser);
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function request(context: SendContext, path: string, init: RequestInit): Promise<RelayAnswer> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
    const fetchImpl = context.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        ...init,
        signal,
        headers: { 'Accept-Language': context.locale ?? 'en', ...init.headers },
      });
    } catch (error) {
      // The caller's own cancellation is not a network failure: it must not be retried or queued.
      if (context.signal?.aborted) throw context.signal.reason;
      throw networkFailure('relay', error);
    }
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { response, body };
  }

  async function freshChallenge(
    action: TractAction,
    context: SendContext,
    solve: NonNullable<RelayOptions['solveChallenge']>,
  ): Promise<string> {
    const answer = await request(context, `/v1/challenge?form=${formOf(action)}`, { method: 'GET' });
    if (isRetryableStatus(answer.response.status)) throw retryableResponse('relay', answer.response);
    if (!answer.response.ok || answer.body === undefined) throw await rejection(answer, context.locale);
    return solve(answer.body, context.signal);
  }

  function post(action: TractAction, context: SendContext, bot: BotSignals | undefined): Promise<RelayAnswer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': context.idempotencyKey };
    const signed = tokenKind(action);
    if (signed) headers.Authorization = `Bearer ${options.token}`;
    const body = signed || !bot ? action.data : { ...action.data, bot };
    const path = (PATHS[action.kind] as (action: TractAction) => string)(action);
    return request(context, path, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  return {
    name: 'relay',
    async send(action, context) {
      if (tokenKind(action) && !options.token) {
        throw new TractRejectedError({
          status: 0,
          code: 'unauthorized',
          message: 'relay: contacts and field results need the organizer or volunteer token: pass relay({ url, token }).',
          setting: 'token',
        });
      }
      const solve = tokenKind(action) ? undefined : options.solveChallenge;
      let bot = context.bot;
      if (solve && !bot?.challenge) bot = { ...bot, challenge: await freshChallenge(action, context, solve) };
      let answer = await post(action, context, bot);
      if (solve && answer.response.status === 403 && errorOf(answer.body).code === 'challenge_failed') {
        // The challenge expired, was spent (a retry of a request the relay never answered), or the form turned
        // busy and asks more work than it carried: one fresh try with the form's own challenge.
        answer = await post(action, context, { ...bot, challenge: await freshChallenge(action, context, solve) });
      }
      const { status } = answer.response;
      if (status === 202) return receiptOf(answer, context.idempotencyKey);
      if (isRetryableStatus(status)) throw retryableResponse('relay', answer.response);
      if (status >= 400) throw await rejection(answer, context.locale);
      throw foreignAnswer(status);
    },
  };
}

/** A pledge's public status: `pending` until the provider confirms the payment. */
export type PledgeStatus = 'paid' | 'pending' | 'failed';

/**
 * Asks the relay where a donation pledge's payment stands (`GET /v1/pledges/{statusId}`),
 * with the `statusId` of its receipt or of the `tract_pledge` parameter the checkout
 * sends the donor back with. Nothing personal comes back. Throws
 * `TractRejectedError` (`not_found`) for an unknown id and `TractNetworkError`
 * when the relay cannot be reached.
 */
export async function pledgeStatus(options: {
  url: string;
  statusId: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Promise<PledgeStatus> {
  const url = `${options.url.replace(/\/+$/, '')}/v1/pledges/${encodeURIComponent(options.statusId)}`;
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      cache: 'no-store',
    });
  } catch (error) {
    throw networkFailure('relay', error);
  }
  if (isRetryableStatus(response.status)) throw retryableResponse('relay', response);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw await rejection({ response, body }, undefined);
  const status = (body as { status?: unknown } | undefined)?.status;
  if (status === 'paid' || status === 'pending' || status === 'failed') return status;
  throw foreignAnswer(response.status);
}

/** Who a token belongs to, as `GET /v1/session` tells it. */
export interface RelaySession {
  role: 'organizer' | 'admin';
  name: string;
}

/**
 * Checks a token against the relay (`GET /v1/session`), for a settings page's
 * "test connection". Resolves with the token's role and name; throws
 * `TractRejectedError` (`setting: 'token'`) for an unknown token and
 * `TractNetworkError` when the relay cannot be reached.
 */
export async function relaySession(
  options: RelayOptions & { token: string; fetch?: typeof fetch; locale?: string },
): Promise<RelaySession> {
  assertSecretStaysOnServer('relay', 'token', options.dangerouslyAllowBrowser);
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const url = `${options.url.replace(/\/+$/, '')}/v1/session`;
  const headers = { Authorization: `Bearer ${options.token}`, 'Accept-Language': options.locale ?? 'en' };
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { headers, signal: timeout });
  } catch (error) {
    throw networkFailure('relay', error);
  }
  if (isRetryableStatus(response.status)) throw retryableResponse('relay', response);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw await rejection({ response, body }, options.locale);
  const session = body as Partial<RelaySession> | undefined;
  if (session?.role !== 'organizer' && session?.role !== 'admin') {
    throw new TractRejectedError({
      status: response.status,
      code: 'invalid_response',
      message: 'relay: GET /v1/session did not answer a role; is the URL a Tract relay?',
    });
  }
  return { role: session.role, name: typeof session.name === 'string' ? session.name : '' };
}
