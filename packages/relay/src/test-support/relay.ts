/**
 * Starts real relays on port 0 with a real SQLite file in a temp dir, or
 * (with `TRACT_TEST_POSTGRES=1`) a fresh PostgreSQL database, for tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createToken } from '../auth/tokens.js';
import { parseConfig } from '../config/load.js';
import type { RelayConfig, RelayConfigInput } from '../config/schema.js';
import { loadHashKey } from '../db/hash-key.js';
import { Mailbox } from '../demo/mailbox.js';
import { mailService } from '../mail/service.js';
import { type RelayService, type RunningRelay, startRelay } from '../server.js';
import { ON_POSTGRES, testDatabase } from './database.js';

export const ORIGIN = 'https://www.example.fr';
export const TEXT_HASH = `sha256:${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}`;

/** A configuration with low proof-of-work cost and every form the tests use. */
export function testConfig(overrides: Partial<RelayConfigInput> = {}): RelayConfigInput {
  return {
    origins: [ORIGIN],
    // Tests of double opt-in turn it on with a real SMTP server (`withMail`).
    signups: { doubleOptIn: false },
    petitions: [
      { id: 'stop-the-dump', title: 'Stop the dump', description: 'No landfill by the river.', goal: 1000 },
      { id: 'closed-one', title: 'Closed', goal: null, open: false },
    ],
    events: [
      {
        id: 'meeting-lyon',
        title: { fr: 'Réunion à Lyon', en: 'Meeting in Lyon' },
        startsAt: '2026-12-12T18:00:00Z',
        endsAt: '2026-12-12T20:00:00Z',
        timeZone: 'Europe/Paris',
        place: { name: { fr: 'Salle Rameau', en: 'Rameau hall' }, address: '29 rue de la Martinière, Lyon' },
        capacity: 3,
      },
      {
        id: 'last-year',
        title: 'Over',
        startsAt: '2025-01-10T18:00:00Z',
        endsAt: null,
        timeZone: 'Europe/Paris',
        place: { name: 'Salle', address: 'Lyon' },
        capacity: null,
      },
    ],
    donations: {
      profile: 'fr-candidate',
      election: 'municipales-2026-lyon',
      checkoutUrlTemplate:
        'https://pay.example.fr/checkout?amount={amount}&currency={currency}&recurrence={recurrence}&reference={reference}',
    },
    challenge: { enabled: true, cost: 10, maxCounter: 20, expiresInSeconds: 60 },
    bot: { minFillMs: 1000 },
    rateLimits: { perIp: 100_000, perForm: 100_000, windowSeconds: 60 },
    accessLog: true,
    ...overrides,
  };
}

export interface TestRelay extends RunningRelay {
  /** The relay's parsed configuration (`publicUrl` already points at the relay when mail is configured). */
  config: RelayConfig;
  dir: string;
  /** The SQLite file, or the PostgreSQL URL (see `database.ts`). */
  dbPath: string;
  logs: string[];
  adminToken: string;
  organizerToken: string;
  stop(): Promise<void>;
}

export async function startTestRelay(
  overrides: Partial<RelayConfigInput> = {},
  services: RelayService[] = [],
  options: { now?: () => Date; env?: Record<string, string | undefined> } = {},
): Promise<TestRelay> {
  // Parsed first: a configuration a test expects to be refused must leave no database or folder behind.
  const config = parseConfig(testConfig(overrides));
  const dir = mkdtempSync(join(tmpdir(), 'tract-relay-test-'));
  const database = await testDatabase(dir);
  const dbPath = database.target;
  const logs: string[] = [];
  let relay: RunningRelay;
  try {
    relay = await startRelay({
      config,
      dbPath,
      port: 0,
      log: (line) => logs.push(line),
      challengeSecret: 'test-secret',
      // No key file sits beside a PostgreSQL database: the test's folder keeps it.
      hashKey: ON_POSTGRES ? loadHashKey({ dbPath: join(dir, 'relay.db') }) : undefined,
      services,
      ...(options.now ? { now: options.now } : {}),
      env: options.env ?? {},
    });
  } catch (error) {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // Links are written when a message is sent: a relay on port 0 points them at itself once it knows its port.
  if (config.smtp) config.publicUrl = relay.url;
  const admin = await createToken(relay.db, 'admin', 'Test admin');
  const organizer = await createToken(relay.db, 'organizer', 'Lyon team');
  return {
    ...relay,
    config,
    dir,
    dbPath,
    logs,
    adminToken: admin.token,
    organizerToken: organizer.token,
    async stop() {
      await relay.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CAMPAIGN = {
  name: 'Lyon en commun',
  controller: 'Association Lyon en commun, 1 place Bellecour, 69002 Lyon',
  privacyUrl: 'https://www.example.fr/vie-privee',
  contactEmail: 'donnees@example.fr',
};
export const SMTP_LOGIN = { user: 'relay', password: 'smtp-test-password-0123' };

export interface MailTestRelay extends TestRelay {
  /** The real SMTP server the relay sends to (it requires `SMTP_LOGIN`). */
  mailbox: Mailbox;
}

/**
 * A test relay that sends mail to a real SMTP server in this process, with
 * double opt-in on for signups (the default) and the mail worker polling
 * every 20 ms.
 */
export async function startMailTestRelay(overrides: Partial<RelayConfigInput> = {}, services: RelayService[] = []): Promise<MailTestRelay> {
  const mailbox = await Mailbox.start({ login: SMTP_LOGIN });
  const relay = await startTestRelay(
    {
      signups: { doubleOptIn: true },
      publicUrl: 'http://127.0.0.1',
      campaign: CAMPAIGN,
      smtp: mailbox.smtpConfig('Lyon en commun <ne-pas-repondre@example.fr>', 'TEST_SMTP_PASSWORD'),
      ...overrides,
    },
    [mailService({ env: { TEST_SMTP_PASSWORD: SMTP_LOGIN.password }, pollMs: 20, baseDelayMs: 50 }), ...services],
  );
  return {
    ...relay,
    mailbox,
    async stop() {
      await relay.stop();
      await mailbox.close();
    },
  };
}

/** Fetches and solves a real challenge, returning the `bot.challenge` payload. */
export async function solvedChallenge(relay: { url: string }): Promise<string> {
  const response = await fetch(`${relay.url}/v1/challenge`);
  const challenge = await response.json();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('could not solve the challenge');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** The link of a received message that opens `path` (`/v1/confirm`, `/v1/unsubscribe`). */
export function linkTo(mail: { links: string[] }, path: string): string {
  const link = mail.links.find((url) => new URL(url).pathname === path);
  if (!link) throw new Error(`no ${path} link in ${JSON.stringify(mail.links)}`);
  return link;
}

/** Presses the button of a link's page: a form POST to the page's own address, as a browser without JavaScript does. */
export function pressButton(link: string, headers: Record<string, string> = {}) {
  return fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', ...headers },
    body: '',
  });
}

export function person(email = 'camille@example.fr') {
  return { givenName: 'Camille', familyName: 'Martin', email };
}

export function consent() {
  return [{ purpose: 'email', granted: true, textVersion: 'newsletter-v1', textHash: TEXT_HASH, language: 'fr' }];
}

export function signupBody(email?: string) {
  return {
    person: person(email),
    consent: consent(),
    source: { utmSource: 'newsletter', pageUrl: 'https://www.example.fr/agir?email=x@y.fr' },
  };
}

export function donationBody(amount: number, email?: string) {
  return {
    // French campaign donations carry the receipt's postal address.
    person: { ...person(email), addressLines: ['12 rue Mercière'], postalCode: '69002', locality: 'Lyon' },
    amount,
    currency: 'EUR',
    recurrence: 'one_off',
    compliance: {
      profile: 'fr-candidate',
      textVersion: 'don-v1',
      attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
    },
    consent: [],
  };
}

export function contactBody() {
  return {
    network: 'mastodon',
    handle: '@camille@mastodon.social',
    displayName: 'Camille M.',
    profileUrl: 'https://mastodon.social/@camille',
    interaction: 'replied',
    lawfulBasis: 'legitimate_interest',
    informed: false,
    sourcePageUrl: 'https://mastodon.social/@campaign/1',
    capturedAt: '2026-11-28T10:00:00Z',
  };
}

export interface PostOptions {
  key?: string | null;
  headers?: Record<string, string>;
  bot?: Record<string, unknown> | null;
  raw?: string;
}

/** POSTs JSON with an Idempotency-Key, the test origin and (unless `bot: null`) human bot signals. */
export async function post(relay: { url: string }, path: string, body: Record<string, unknown>, options: PostOptions = {}) {
  const key = options.key === undefined ? randomUUID() : options.key;
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: ORIGIN, ...options.headers };
  if (key) headers['idempotency-key'] = key;
  const payload = options.bot === null ? body : { ...body, bot: { honeypot: '', fillMs: 5000, ...options.bot } };
  const response = await fetch(`${relay.url}${path}`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(payload) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, key };
}

/** Rows in a table, read through the relay's own database handle. */
export async function countRows(
  relay: RunningRelay,
  table:
    | 'people'
    | 'actions'
    | 'consent_events'
    | 'idempotency_records'
    | 'outbox'
    | 'spent_challenges'
    | 'suppression'
    | 'confirmations'
    | 'mail_queue'
    | 'mail_log',
) {
  const row = await relay.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
