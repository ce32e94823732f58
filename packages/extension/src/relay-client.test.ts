/** The token check against a real relay (port 0, SQLite in a temp dir). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRelayUrl, checkSession } from './relay-client.js';

/** The parts of `@tract/relay` these tests use. */
interface RelayModule {
  parseConfig(input: unknown): unknown;
  startRelay(options: {
    config: unknown;
    dbPath: string;
    port: number;
    hostname?: string;
    log?: (line: string) => void;
  }): Promise<RunningRelay>;
  createToken(db: unknown, role: 'organizer' | 'admin', name: string): Promise<{ token: string }>;
}
interface RunningRelay {
  url: string;
  db: unknown;
  close(): Promise<void>;
}

let dir: string;
let relay: RunningRelay;
let organizerToken: string;
let adminToken: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tract-extension-session-'));
  // `@tract/relay` has no package exports yet, so it is loaded from its sources by path.
  const { createToken, parseConfig, startRelay } = (await import(
    new URL('../../relay/src/index.ts', import.meta.url).pathname
  )) as RelayModule;
  relay = await startRelay({
    config: parseConfig({ origins: [] }),
    dbPath: join(dir, 'relay.db'),
    port: 0,
    hostname: '127.0.0.1',
    log: () => {},
  });
  organizerToken = (await createToken(relay.db, 'organizer', 'Lyon team')).token;
  adminToken = (await createToken(relay.db, 'admin', 'Admin')).token;
});

afterAll(async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checkRelayUrl', () => {
  it('accepts https anywhere and http only on this computer', () => {
    expect(checkRelayUrl('https://relay.example.org')).toBeUndefined();
    expect(checkRelayUrl('http://127.0.0.1:8787')).toBeUndefined();
    expect(checkRelayUrl('http://localhost:8787')).toBeUndefined();
    expect(checkRelayUrl('http://relay.example.org')).toEqual({ ok: false, problem: 'insecure_url' });
    expect(checkRelayUrl('relay.example.org')).toEqual({ ok: false, problem: 'invalid_url' });
    expect(checkRelayUrl('ftp://relay.example.org')).toEqual({ ok: false, problem: 'invalid_url' });
  });
});

describe('checkSession', () => {
  it('accepts an organizer token and returns its team name', async () => {
    expect(await checkSession(relay.url, organizerToken, 'en')).toEqual({ ok: true, name: 'Lyon team' });
  });

  it('refuses an unknown token', async () => {
    expect(await checkSession(relay.url, 'tract_not_a_token', 'en')).toEqual({ ok: false, problem: 'unauthorized' });
  });

  it('refuses the admin token: the extension must never hold it', async () => {
    expect(await checkSession(relay.url, adminToken, 'en')).toEqual({ ok: false, problem: 'not_organizer' });
  });

  it('says when nothing answers at the address', async () => {
    expect(await checkSession('http://127.0.0.1:9', organizerToken, 'en')).toMatchObject({ ok: false, problem: 'unreachable' });
  });

  it('says when the address answers but is not a Tract relay', async () => {
    expect(await checkSession(`${relay.url}/not-the-relay`, organizerToken, 'en')).toMatchObject({ ok: false, problem: 'not_a_relay' });
  });
});
