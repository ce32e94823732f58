/**
 * A local NationBuilder API v2, strict where the real one is: Bearer token,
 * JSON:API content type, every write body validated against the OpenAPI
 * schemas (ajv) with unknown attributes refused (400), JSON:API answers with
 * `RateLimit-*` headers, 250 requests per 10 s (429 + Retry-After), 422
 * validation documents with `source.pointer`, and uniqueness of a person's
 * signature per petition and RSVP per event (422 `taken`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type RunningServer, readBody, type ScriptedFailure, sendFailure, sendJson } from './http-server.js';
import { loadNationBuilderSpecs, type NationBuilderResource } from './nationbuilder-schemas.js';

const JSON_API = 'application/vnd.api+json';

export interface NbRecord {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
}

export interface NbRequest {
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed body of writes. */
  body: { data: { type: string; attributes: Record<string, unknown> } } | undefined;
  status: number;
}

export interface FakeNationBuilder extends RunningServer {
  /** `baseUrl` for the backend: `<url>/api/v2/`. */
  readonly apiRoot: string;
  readonly requests: NbRequest[];
  /** Records by resource type. */
  readonly records: Record<
    'signups' | 'signup_tags' | 'signup_taggings' | 'petition_signatures' | 'event_rsvps' | 'donations' | 'contacts',
    NbRecord[]
  >;
  /** Requests refused with 429 because the window was full. */
  readonly rateLimited: number;
  /** Requests whose body failed the OpenAPI schema (the backend must never cause one). */
  readonly schemaViolations: string[];
  /** The next requests get these answers, in order. */
  failNext(...failures: ScriptedFailure[]): void;
  /** The next write to `resource` answers 422 with an error on `attribute`. */
  rejectNext(resource: string, attribute: string, detail: string): void;
}

export interface FakeNationBuilderOptions {
  token: string;
  /** Requests allowed per window (default 250). */
  limit?: number;
  /** Window length in milliseconds (default 10 000). */
  windowMs?: number;
  /** Petition and event ids that exist in the nation. */
  petitions?: string[];
  events?: string[];
}

/** Starts a fake nation. */
export async function startFakeNationBuilder(options: FakeNationBuilderOptions): Promise<FakeNationBuilder> {
  const specs = loadNationBuilderSpecs();
  const limit = options.limit ?? 250;
  const windowMs = options.windowMs ?? 10_000;
  const petitions = new Set(options.petitions ?? []);
  const events = new Set(options.events ?? []);
  const requests: NbRequest[] = [];
  const records: FakeNationBuilder['records'] = {
    signups: [],
    signup_tags: [],
    signup_taggings: [],
    petition_signatures: [],
    event_rsvps: [],
    donations: [],
    contacts: [],
  };
  const failures: ScriptedFailure[] = [];
  const rejections: { resource: string; attribute: string; detail: string }[] = [];
  const schemaViolations: string[] = [];
  /** Start times of accepted requests inside the current window (a sliding window, like the limiter). */
  const windowStarts: number[] = [];
  let rateLimited = 0;
  let nextId = 1;

  const validationError = (attribute: string, detail: string, code = 'invalid') => ({
    errors: [
      {
        code: 'unprocessable_entity',
        status: '422',
        title: 'Validation Error',
        detail,
        source: { pointer: `/data/attributes/${attribute}` },
        meta: { attribute, message: detail, code },
      },
    ],
  });

  function insert(type: keyof FakeNationBuilder['records'], attributes: Record<string, unknown>): NbRecord {
    const record = { id: String(nextId++), type, attributes };
    records[type].push(record);
    return record;
  }

  function rateHeaders(now: number): Record<string, string> {
    return {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - windowStarts.length)),
      'ratelimit-reset': String(Math.ceil(((windowStarts[0] ?? now) + windowMs) / 1000)),
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse, log: NbRequest): Promise<void> {
    const now = Date.now();
    while (windowStarts.length > 0 && (windowStarts[0] as number) <= now - windowMs) windowStarts.shift();
    if (windowStarts.length >= limit) {
      rateLimited++;
      const retryAfter = Math.max(1, Math.ceil(((windowStarts[0] as number) + windowMs - now) / 1000));
      return reply(429, { code: 'rate_limited', message: 'You have exceeded your rate limit.' }, { 'retry-after': String(retryAfter) });
    }
    windowStarts.push(now);
    function reply(status: number, body: unknown, extra: Record<string, string> = {}) {
      log.status = status;
      sendJson(response, status, body, status === 422 || status < 300 ? JSON_API : 'application/json', { ...rateHeaders(now), ...extra });
    }

    const failure = failures.shift();
    if (failure) {
      log.status = failure.status;
      return sendFailure(response, failure);
    }
    if (request.headers.authorization !== `Bearer ${options.token}`)
      return reply(401, { code: 'unauthorized', message: 'The access token is invalid or expired.' });
    if (request.headers.accept !== JSON_API && request.headers.accept !== 'application/json')
      return reply(406, { code: 'not_acceptable', message: 'Accept application/vnd.api+json' });

    const resource = log.path.replace(/^\/api\/v2\//, '');
    const isPush = request.method === 'PATCH' && resource === 'signups/push';
    const isCreate = request.method === 'POST' && resource in records;
    if (isPush || isCreate) {
      const contentType = request.headers['content-type'];
      if (contentType !== JSON_API && contentType !== 'application/json')
        return reply(415, { code: 'unsupported_media_type', message: 'Use application/vnd.api+json' });
      const name = (isPush ? 'signups' : resource) as NationBuilderResource;
      const spec = specs[name];
      const body = log.body;
      if (!spec.validate(body)) {
        schemaViolations.push(`${request.method} ${resource}: ${JSON.stringify(spec.validate.errors)}`);
        return reply(400, {
          code: 'bad_request',
          message: `Request body does not match the schema: ${spec.validate.errors?.[0]?.message}`,
        });
      }
      const attributes = (body?.data.attributes ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(attributes).filter((key) => !spec.writableAttributes.has(key));
      if (unknown.length > 0) {
        schemaViolations.push(`${request.method} ${resource}: unknown attributes ${unknown.join(', ')}`);
        return reply(400, { code: 'bad_request', message: `Unknown attribute: ${unknown.join(', ')}` });
      }
      const rejection = rejections.findIndex((r) => r.resource === name);
      if (rejection >= 0) {
        const [r] = rejections.splice(rejection, 1);
        return reply(422, validationError(r?.attribute ?? '', r?.detail ?? ''));
      }
      if (isPush) return push(attributes, reply);
      return createRecord(name as Exclude<NationBuilderResource, 'signups'>, attributes, reply);
    }
    const update = request.method === 'PATCH' ? /^donations\/(\d+)$/.exec(resource) : null;
    if (update) {
      const contentType = request.headers['content-type'];
      if (contentType !== JSON_API && contentType !== 'application/json')
        return reply(415, { code: 'unsupported_media_type', message: 'Use application/vnd.api+json' });
      const spec = specs.donations;
      const body = log.body;
      if (!spec.validateUpdate?.(body)) {
        schemaViolations.push(`PATCH ${resource}: ${JSON.stringify(spec.validateUpdate?.errors)}`);
        return reply(400, {
          code: 'bad_request',
          message: `Request body does not match the schema: ${spec.validateUpdate?.errors?.[0]?.message}`,
        });
      }
      const attributes = (body?.data.attributes ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(attributes).filter((key) => !spec.writableAttributes.has(key));
      if (unknown.length > 0) {
        schemaViolations.push(`PATCH ${resource}: unknown attributes ${unknown.join(', ')}`);
        return reply(400, { code: 'bad_request', message: `Unknown attribute: ${unknown.join(', ')}` });
      }
      const record = records.donations.find((donation) => donation.id === update[1]);
      if (!record) return reply(404, { code: 'not_found', message: 'Record not found' });
      record.attributes = { ...record.attributes, ...attributes };
      return reply(200, { data: record });
    }
    if (request.method === 'GET' && resource in records) {
      const filters = Object.entries(log.query).filter(([key]) => key.startsWith('filter['));
      const matching = records[resource as keyof FakeNationBuilder['records']].filter((record) =>
        filters.every(([key, value]) => String(record.attributes[key.slice(7, -1)] ?? '') === value),
      );
      return reply(200, { data: matching, links: { self: log.path } });
    }
    return reply(404, { code: 'not_found', message: 'Record not found' });
  }

  type Reply = (status: number, body: unknown, extra?: Record<string, string>) => void;

  function push(attributes: Record<string, unknown>, reply: Reply) {
    const key = attributes.email !== undefined ? 'email' : attributes.external_id !== undefined ? 'external_id' : undefined;
    if (!key) return reply(422, validationError('email', 'A match key (email or external_id) is required'));
    if (key === 'email' && !/^[^@\s]+@[^@\s]+$/.test(String(attributes.email)))
      return reply(422, validationError('email', `Email '${attributes.email}' should look like an email address`));
    const existing = records.signups.find((signup) => signup.attributes[key] === attributes[key]);
    if (existing) {
      existing.attributes = { ...existing.attributes, ...attributes };
      return reply(200, { data: existing });
    }
    return reply(201, { data: insert('signups', attributes) });
  }

  function createRecord(type: Exclude<NationBuilderResource, 'signups'>, attributes: Record<string, unknown>, reply: Reply) {
    const signupExists = (id: unknown) => records.signups.some((signup) => signup.id === id);
    switch (type) {
      case 'signup_taggings': {
        if (!signupExists(attributes.signup_id)) return reply(422, validationError('signup_id', 'Signup must exist'));
        if (!records.signup_tags.some((tag) => tag.id === attributes.tag_id))
          return reply(422, validationError('tag_id', 'Tag must exist'));
        if (
          records.signup_taggings.some((t) => t.attributes.signup_id === attributes.signup_id && t.attributes.tag_id === attributes.tag_id)
        ) {
          return reply(422, validationError('tag_id', 'Tag has already been taken', 'taken'));
        }
        break;
      }
      case 'signup_tags':
        if (records.signup_tags.some((tag) => tag.attributes.name === attributes.name))
          return reply(422, validationError('name', 'Name has already been taken', 'taken'));
        break;
      case 'petition_signatures': {
        if (!petitions.has(String(attributes.petition_id))) return reply(422, validationError('petition_id', 'Petition must exist'));
        if (!signupExists(attributes.signup_id)) return reply(422, validationError('signup_id', 'Signup must exist'));
        if (
          records.petition_signatures.some(
            (s) => s.attributes.petition_id === attributes.petition_id && s.attributes.signup_id === attributes.signup_id,
          )
        ) {
          return reply(422, validationError('signup_id', 'Signup has already signed this petition', 'taken'));
        }
        break;
      }
      case 'event_rsvps': {
        if (!events.has(String(attributes.event_id))) return reply(422, validationError('event_id', 'Event must exist'));
        if (records.event_rsvps.some((r) => r.attributes.event_id === attributes.event_id && r.attributes.email === attributes.email)) {
          return reply(422, validationError('email', 'Email has already RSVPed to this event', 'taken'));
        }
        break;
      }
      case 'donations':
        if (!signupExists(attributes.signup_id)) return reply(422, validationError('signup_id', 'Signup must exist'));
        if (!Number.isInteger(attributes.amount_in_cents) || (attributes.amount_in_cents as number) <= 0)
          return reply(422, validationError('amount_in_cents', 'Amount must be positive'));
        break;
      case 'contacts':
        if (!signupExists(attributes.signup_id)) return reply(422, validationError('signup_id', 'Signup must exist'));
        break;
    }
    return reply(201, { data: insert(type, attributes) });
  }

  const server = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const log: NbRequest = {
      at: Date.now(),
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: raw ? JSON.parse(raw) : undefined,
      status: 0,
    };
    requests.push(log);
    await handle(request, response, log);
  });

  return {
    ...server,
    apiRoot: `${server.url}/api/v2/`,
    requests,
    records,
    get rateLimited() {
      return rateLimited;
    },
    schemaViolations,
    failNext: (...next) => failures.push(...next),
    rejectNext: (resource, attribute, detail) => rejections.push({ resource, attribute, detail }),
  };
}
