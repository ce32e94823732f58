/** Field mode in tests: a relay with a movable clock, people who gave their phone, lists and volunteers. */
import { randomUUID } from 'node:crypto';
import type { RelayConfigInput } from '../config/schema.js';
import type { RelayService } from '../server.js';
import { startTestRelay, TEXT_HASH, type TestRelay } from './relay.js';

export interface FieldTestRelay extends TestRelay {
  /** Moves the relay's clock forward. */
  advance(ms: number): void;
  now(): Date;
}

export async function startFieldRelay(overrides: Partial<RelayConfigInput> = {}, services: RelayService[] = []): Promise<FieldTestRelay> {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const relay = await startTestRelay(
    { challenge: { enabled: false, cost: 10, maxCounter: 20, expiresInSeconds: 60 }, accessLog: false, ...overrides },
    services,
    { now },
  );
  return {
    ...relay,
    advance(ms: number) {
      offset += ms;
    },
    now,
  };
}

export interface SeedOptions {
  /** Consent purposes each person grants (default phone). */
  purposes?: string[];
  /** Postal code (default 69007). */
  postalCode?: string;
  /** Leave the phone out. */
  noPhone?: boolean;
  emailPrefix?: string;
  tags?: string[];
}

/** Fictional first names (a slice shows only these and a postal area). */
export const GIVEN_NAMES = [
  'Camille',
  'Dominique',
  'Claude',
  'Sacha',
  'Lou',
  'Maxime',
  'Alix',
  'Noa',
  'Charlie',
  'Eden',
  'Gaël',
  'Morgane',
];

/** A fictional phone number (ARCEP's range for fiction, +33 1 99 00 xx xx), distinct per index. */
export function fictionalPhone(index: number): string {
  return `+3319900${String(index % 10_000).padStart(4, '0')}`;
}

/** Signs up `count` people through the public API; resolves with their emails. */
export async function seedPeople(relay: { url: string }, count: number, options: SeedOptions = {}, firstIndex = 0): Promise<string[]> {
  const emails: string[] = [];
  const purposes = options.purposes ?? ['phone'];
  for (let start = 0; start < count; start += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - start) }, async (_, offset) => {
        const index = firstIndex + start + offset;
        const email = `${options.emailPrefix ?? 'supporter'}${index}@example.org`;
        emails.push(email);
        const body = {
          person: {
            email,
            givenName: GIVEN_NAMES[index % GIVEN_NAMES.length],
            ...(options.noPhone ? {} : { phone: fictionalPhone(index) }),
            addressLines: [`${index} rue de la Fiction`],
            postalCode: options.postalCode ?? '69007',
            locality: 'Lyon',
          },
          consent: purposes.map((purpose) => ({ purpose, granted: true, textVersion: 'field-v1', textHash: TEXT_HASH, language: 'fr' })),
          ...(options.tags ? { tags: options.tags } : {}),
          bot: { honeypot: '', fillMs: 5000 },
        };
        const response = await fetch(`${relay.url}/v1/signups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(body),
        });
        if (response.status !== 202) throw new Error(`seed signup answered ${response.status}: ${await response.text()}`);
      }),
    );
  }
  return emails;
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field, as JSON.
  body: any;
  headers: Headers;
}

/** Calls the relay with a bearer token (JSON body when given). */
export async function call(
  relay: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${relay.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export const SCRIPT = { fr: 'Bonjour, je suis bénévole pour Lyon en commun.', en: 'Hello, I volunteer for Lyon en commun.' };

/** Creates a list as the admin; resolves with its id and size. */
export async function createList(relay: TestRelay, body: Record<string, unknown> = {}): Promise<{ id: string; size: number }> {
  const answer = await call(relay, relay.adminToken, 'POST', '/v1/admin/field/lists', {
    kind: 'call',
    name: 'Lyon 7e',
    script: SCRIPT,
    ...body,
  });
  if (answer.status !== 201) throw new Error(`list creation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Invites a volunteer and spends the invitation; resolves with the volunteer's id and token. */
export async function volunteer(
  relay: TestRelay,
  listId: string,
  name = 'Alex',
): Promise<{ id: string; token: string; invitation: string }> {
  const invited = await call(relay, relay.adminToken, 'POST', `/v1/admin/field/lists/${listId}/invitations`, { name });
  if (invited.status !== 201) throw new Error(`invitation answered ${invited.status}: ${JSON.stringify(invited.body)}`);
  const accepted = await fetch(`${relay.url}/v1/field/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invitation: invited.body.invitation }),
  });
  if (accepted.status !== 201) throw new Error(`accepting answered ${accepted.status}`);
  return { id: invited.body.volunteerId, token: ((await accepted.json()) as { token: string }).token, invitation: invited.body.invitation };
}

/** A field result body for `ref`. */
export function result(ref: string, outcome: string, extra: Record<string, unknown> = {}) {
  return { ref, outcome, recordedAt: new Date().toISOString(), ...extra };
}
