/** The token check against a real relay (port 0, SQLite in a temp dir). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../test/relay.js';
import { checkRelayUrl, checkSession } from './relay-client.js';

let relay: TestRelay;
let organizerToken: string;
let adminToken: string;

beforeAll(async () => {
  relay = await startTestRelay();
  ({ organizerToken, adminToken } = relay);
});

afterAll(async () => {
  await relay.stop();
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
