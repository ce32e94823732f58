/**
 * A local Action Network (OSDI 1.1): the record helpers Tract uses, strict
 * about the `OSDI-API-Token` header, JSON bodies and their shape. A body may
 * only use members the OSDI helper example for that endpoint uses (from
 * `shared/fixtures/crm/osdi/examples/`, found through `_index.json`),
 * plus the Action Network extensions its documentation names (subscription
 * `status`, `languages_spoken`, `custom_fields`), with the same kind of value
 * (object, array or scalar: the OSDI examples are loose about numbers).
 * Authenticated answers are HAL+JSON with `action_network:` identifiers;
 * unauthenticated ones are `{}`, as Action Network answers them.
 *
 * Like Action Network, it matches people by email, keeps one signature,
 * attendance or submission per person and target (a repeat updates it), and
 * dedupes donations on their identifiers.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRM_FIXTURES_DIR } from './fixtures.js';
import { listen, type RunningServer, readBody, type ScriptedFailure, sendFailure, sendJson } from './http-server.js';

export const OSDI_EXAMPLES_DIR = join(CRM_FIXTURES_DIR, 'osdi/examples');

/** The shape of a JSON value: which members an object may have, what an array holds. */
export type Shape =
  | { kind: 'scalar' }
  | { kind: 'array'; item: Shape | undefined }
  | { kind: 'object'; members: Record<string, Shape> | 'any' };

/** Merges two shapes (an array's items, or an example with the documented extensions). */
function merge(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.members === 'any' || b.members === 'any') return { kind: 'object', members: 'any' };
    const members: Record<string, Shape> = { ...a.members };
    for (const [key, shape] of Object.entries(b.members)) members[key] = merge(members[key], shape) as Shape;
    return { kind: 'object', members };
  }
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', item: merge(a.item, b.item) };
  return a;
}

/** The shape of an example value. */
export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { kind: 'array', item: value.map(shapeOf).reduce<Shape | undefined>(merge, undefined) };
  if (value !== null && typeof value === 'object') {
    return { kind: 'object', members: Object.fromEntries(Object.entries(value).map(([key, member]) => [key, shapeOf(member)])) };
  }
  return { kind: 'scalar' };
}

/** Paths in `value` that the shape does not allow, e.g. `person.twitter: unknown member`. */
export function shapeViolations(value: unknown, shape: Shape, path = ''): string[] {
  const kind = Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : 'scalar';
  if (kind !== shape.kind) return [`${path || '(body)'}: expected ${shape.kind}, got ${kind}`];
  if (shape.kind === 'array')
    return shape.item ? (value as unknown[]).flatMap((item, i) => shapeViolations(item, shape.item as Shape, `${path}[${i}]`)) : [];
  if (shape.kind === 'object' && shape.members !== 'any') {
    const members = shape.members;
    return Object.entries(value as Record<string, unknown>).flatMap(([key, member]) => {
      const where = path ? `${path}.${key}` : key;
      return members[key] ? shapeViolations(member, members[key] as Shape, where) : [`${where}: unknown member`];
    });
  }
  return [];
}

/** Action Network's documented additions to the OSDI person. */
const ACTION_NETWORK_EXTENSIONS = shapeOf({
  person: {
    email_addresses: [{ address: 'a', status: 'subscribed' }],
    phone_numbers: [{ number: '1', status: 'subscribed' }],
    languages_spoken: ['fr'],
  },
});
const OPEN_CUSTOM_FIELDS: Shape = {
  kind: 'object',
  members: { person: { kind: 'object', members: { custom_fields: { kind: 'object', members: 'any' } } } },
};

export type Helper = 'people' | 'signatures' | 'attendances' | 'submissions' | 'donations';

/** OSDI spec page of each helper's example. */
const EXAMPLE_PAGES: Record<Helper, string> = {
  people: 'person_signup.md',
  signatures: 'record_signature.md',
  attendances: 'record_attendance.md',
  submissions: 'record_submission.md',
  donations: 'record_donation.md',
};

interface IndexEntry {
  file: string;
  source: string;
  kind: 'request' | 'response';
}

/** The first request example of each helper, from `_index.json`. */
export function loadHelperExamples(): Record<Helper, unknown> {
  const index = JSON.parse(readFileSync(join(OSDI_EXAMPLES_DIR, '_index.json'), 'utf8')) as IndexEntry[];
  const examples = {} as Record<Helper, unknown>;
  for (const [helper, page] of Object.entries(EXAMPLE_PAGES) as [Helper, string][]) {
    const entry = index.find((e) => e.source === page && e.kind === 'request' && e.file.endsWith('.json'));
    if (!entry) throw new Error(`no OSDI request example for ${page}`);
    examples[helper] = JSON.parse(readFileSync(join(OSDI_EXAMPLES_DIR, entry.file), 'utf8'));
  }
  return examples;
}

/** The shape each helper accepts: its OSDI example with Action Network's extensions. */
export function loadHelperShapes(): Record<Helper, Shape> {
  const examples = loadHelperExamples();
  return Object.fromEntries(
    Object.entries(examples).map(([helper, example]) => [
      helper,
      merge(merge(shapeOf(example), ACTION_NETWORK_EXTENSIONS), OPEN_CUSTOM_FIELDS) as Shape,
    ]),
  ) as Record<Helper, Shape>;
}

export interface AnRecord {
  id: string;
  helper: Helper;
  /** Petition, event, form or fundraising page id (none for `people`). */
  target: string | undefined;
  email: string;
  /** Every body that created or updated this record, in order. */
  bodies: Record<string, unknown>[];
}

export interface AnRequest {
  at: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  status: number;
}

export interface FakeActionNetwork extends RunningServer {
  /** `baseUrl` for the backend: `<url>/api/v2/`. */
  readonly apiRoot: string;
  readonly requests: AnRequest[];
  /** Actions recorded (signatures, attendances, submissions, donations, and person signups). */
  readonly records: AnRecord[];
  /** People by email, with the last person body received. */
  readonly people: Map<string, Record<string, unknown>>;
  /** Bodies refused for their shape (the backend must never cause one). */
  readonly shapeErrors: string[];
  failNext(...failures: ScriptedFailure[]): void;
}

export interface FakeActionNetworkOptions {
  apiKey: string;
  petitions?: string[];
  events?: string[];
  forms?: string[];
  fundraisingPages?: string[];
}

/** Starts a fake Action Network. */
export async function startFakeActionNetwork(options: FakeActionNetworkOptions): Promise<FakeActionNetwork> {
  const shapes = loadHelperShapes();
  const targets: Record<string, Set<string>> = {
    petitions: new Set(options.petitions ?? []),
    events: new Set(options.events ?? []),
    forms: new Set(options.forms ?? []),
    fundraising_pages: new Set(options.fundraisingPages ?? []),
  };
  const helperOf: Record<string, Helper> = {
    petitions: 'signatures',
    events: 'attendances',
    forms: 'submissions',
    fundraising_pages: 'donations',
  };
  const requests: AnRequest[] = [];
  const records: AnRecord[] = [];
  const people = new Map<string, Record<string, unknown>>();
  const shapeErrors: string[] = [];
  const failures: ScriptedFailure[] = [];
  let root = '';

  function hal(record: AnRecord): Record<string, unknown> {
    const self = record.target ? `${root}${record.target}/${record.helper}/${record.id}` : `${root}people/${record.id}`;
    return {
      identifiers: [`action_network:${record.id}`],
      created_date: new Date().toISOString(),
      modified_date: new Date().toISOString(),
      _links: {
        self: { href: self },
        'osdi:person': { href: `${root}people/${record.email}` },
        curies: [{ name: 'osdi', href: 'https://actionnetwork.org/docs/v2/{rel}', templated: true }],
      },
    };
  }

  const server = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const log: AnRequest = { at: Date.now(), path: url.pathname, headers: request.headers, body: undefined, status: 0 };
    requests.push(log);
    const reply = (status: number, body: unknown) => {
      log.status = status;
      sendJson(response, status, body, status < 300 ? 'application/hal+json' : 'application/json');
    };
    const failure = failures.shift();
    if (failure) {
      log.status = failure.status;
      return sendFailure(response, failure);
    }
    const token = request.headers['osdi-api-token'];
    if (token !== undefined && token !== options.apiKey) return reply(403, { error: 'API Key invalid or not present' });
    if (request.method !== 'POST') return reply(405, { error: 'Only record helpers are served here' });
    if (request.headers['content-type'] !== 'application/json') return reply(415, { error: 'Content-Type must be application/json' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return reply(400, { error: 'Request body is not valid JSON' });
    }
    log.body = body;

    const segments = url.pathname.replace(/^\/api\/v2\//, '').split('/');
    let helper: Helper;
    let target: string | undefined;
    if (segments.length === 1 && segments[0] === 'people') helper = 'people';
    else if (segments.length === 3 && segments[0] && targets[segments[0]] && helperOf[segments[0]] === segments[2]) {
      if (!targets[segments[0]]?.has(segments[1] ?? '')) return reply(404, { error: `${segments[0]} ${segments[1]} not found` });
      helper = helperOf[segments[0]] as Helper;
      target = `${segments[0]}/${segments[1]}`;
    } else return reply(404, { error: 'Not found' });

    const violations = shapeViolations(body, shapes[helper]);
    if (violations.length > 0) {
      shapeErrors.push(`${helper}: ${violations.join('; ')}`);
      return reply(400, { error: `Invalid request: ${violations[0]}` });
    }
    const person = body.person as { email_addresses?: { address?: unknown }[] } | undefined;
    const email = person?.email_addresses?.[0]?.address;
    if (typeof email !== 'string' || !email.includes('@')) return reply(400, { error: 'A person needs an email address' });
    people.set(email, { ...(people.get(email) ?? {}), ...(body.person as Record<string, unknown>) });

    const identifiers = Array.isArray(body.identifiers) ? (body.identifiers as string[]) : [];
    const existing = records.find((record) =>
      helper === 'donations'
        ? record.helper === 'donations' && identifiers.some((id) => (record.bodies[0]?.identifiers as string[] | undefined)?.includes(id))
        : record.helper === helper && record.target === target && record.email === email,
    );
    const record = existing ?? { id: randomUUID(), helper, target, email, bodies: [] };
    record.bodies.push(body);
    if (!existing) records.push(record);
    return reply(200, token === undefined ? {} : hal(record));
  });
  root = `${server.url}/api/v2/`;

  return { ...server, apiRoot: root, requests, records, people, shapeErrors, failNext: (...next) => failures.push(...next) };
}
