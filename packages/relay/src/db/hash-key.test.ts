/**
 * The hash key: where it comes from, that it never lands in the database,
 * and that the plain SHA-256 hashes of an older relay become keyed without
 * losing a single opt-out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/load.js';
import { startRelay } from '../server.js';
import { post, signupBody, testConfig } from '../test-support/relay.js';
import { HashKey, keyFileOf, loadHashKey } from './hash-key.js';
import * as initial from './migrations/001-initial.js';
import * as tokenLifecycle from './migrations/002-token-lifecycle.js';
import { WorkerSqliteDialect } from './worker-dialect.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tract-hash-key-'));
  dirs.push(dir);
  return dir;
}
const plainSha256 = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

describe('loadHashKey', () => {
  it('creates a private key file beside the database on first start, and reuses it', () => {
    const dbPath = join(tempDir(), 'relay.db');
    const first = loadHashKey({ dbPath, env: {} });
    const file = keyFileOf(dbPath);
    expect(file).toBe(dbPath.replace(/relay\.db$/, 'relay.key'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    const second = loadHashKey({ dbPath, env: {} });
    expect(second.emailHash('camille@example.fr')).toBe(first.emailHash('camille@example.fr'));
  });

  it('takes TRACT_HASH_KEY (base64, at least 32 bytes) over the file, and refuses a short or malformed one', () => {
    const dbPath = join(tempDir(), 'relay.db');
    const secret = randomBytes(32);
    const fromEnv = loadHashKey({ dbPath, env: { TRACT_HASH_KEY: secret.toString('base64') } });
    const fromUrlSafe = loadHashKey({ dbPath, env: { TRACT_HASH_KEY: secret.toString('base64url') } });
    expect(fromUrlSafe.emailHash('a@example.fr')).toBe(fromEnv.emailHash('a@example.fr'));
    expect(() => statSync(keyFileOf(dbPath))).toThrow();
    for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!', '']) {
      expect(() => loadHashKey({ dbPath, env: { TRACT_HASH_KEY: bad } })).toThrow(ConfigError);
    }
    expect(() => loadHashKey({ dbPath, env: { TRACT_HASH_KEY: 'x' } })).toThrow('openssl rand -base64 32');
  });

  it('refuses a damaged key file instead of making a new key (every stored hash would stop matching)', () => {
    const dbPath = join(tempDir(), 'relay.db');
    writeFileSync(keyFileOf(dbPath), 'short\n');
    expect(() => loadHashKey({ dbPath, env: {} })).toThrow(/hash key file .*relay\.key/);
  });
});

describe('HashKey', () => {
  it('folds case, differs from a plain SHA-256, and differs between keys', () => {
    const key = HashKey.fromBytes(randomBytes(32));
    const other = HashKey.fromBytes(randomBytes(32));
    expect(key.emailHash(' Camille@Example.FR ')).toBe(key.emailHash('camille@example.fr'));
    expect(key.emailHash('camille@example.fr')).not.toBe(plainSha256('camille@example.fr'));
    expect(key.emailHash('camille@example.fr')).not.toBe(other.emailHash('camille@example.fr'));
    expect(key.mac('unsubscribe', 'x')).not.toBe(key.mac('contact', 'x'));
    expect(key.verifyMac('unsubscribe', 'x', key.mac('unsubscribe', 'x'))).toBe(true);
    expect(key.verifyMac('unsubscribe', 'x', key.mac('contact', 'x'))).toBe(false);
    expect(key.verifyMac('unsubscribe', 'x', 'zz')).toBe(false);
  });
});

describe('a relay that predates the hash key', () => {
  it('rekeys its plain hashes at start: opt-outs, tombstones and people still match, and no plain hash is left', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'relay.db');
    // The database as relays wrote it before migration 3: plain SHA-256 of the email everywhere.
    const old = new Kysely<unknown>({ dialect: new WorkerSqliteDialect(dbPath) });
    await initial.up(old);
    await tokenLifecycle.up(old);
    const at = new Date().toISOString();
    await sql`create table relay_migrations (version integer primary key, name text not null, applied_at text not null)`.execute(old);
    await sql`insert into relay_migrations values (1, 'initial', ${at}), (2, 'token-lifecycle', ${at})`.execute(old);
    await sql`insert into suppression values (${plainSha256('Opted.Out@example.fr')}, 'unsubscribe', ${at})`.execute(old);
    await sql`insert into people (id, email, email_hash, created_at, updated_at, expires_at)
      values ('p1', 'kept@example.fr', ${plainSha256('kept@example.fr')}, ${at}, ${at}, '2099-01-01T00:00:00Z')`.execute(old);
    await sql`insert into consent_events (id, subject_hash, kind, channel, recorded_at, expires_at)
      values ('e1', ${plainSha256('erased@example.fr')}, 'erasure', 'admin', ${at}, '2099-01-01T00:00:00Z')`.execute(old);
    await old.destroy();

    const logs: string[] = [];
    const config = parseConfig(testConfig({ challenge: { enabled: false } }));
    const relay = await startRelay({ config, dbPath, port: 0, log: (line) => logs.push(line) });
    try {
      const key = relay.hashKey;
      expect(logs.some((line) => line.includes('"event":"hashes_keyed"') && line.includes('"suppression":1'))).toBe(true);
      const suppressed = await relay.db.selectFrom('suppression').select('email_hash').execute();
      expect(suppressed).toEqual([{ email_hash: key.emailHash('opted.out@example.fr') }]);
      const person = await relay.db.selectFrom('people').select('email_hash').where('id', '=', 'p1').executeTakeFirstOrThrow();
      expect(person.email_hash).toBe(key.emailHash('kept@example.fr'));
      const tombstone = await relay.db.selectFrom('consent_events').select('subject_hash').where('id', '=', 'e1').executeTakeFirstOrThrow();
      expect(tombstone.subject_hash).toBe(key.emailHash('erased@example.fr'));
      // The returning person is recognised: their record is not duplicated.
      expect((await post(relay, '/v1/signups', signupBody('KEPT@example.fr'))).status).toBe(202);
      expect(await relay.db.selectFrom('people').select('id').execute()).toEqual([{ id: 'p1' }]);
      const everything = JSON.stringify([
        await relay.db.selectFrom('suppression').selectAll().execute(),
        await relay.db.selectFrom('people').selectAll().execute(),
        await relay.db.selectFrom('consent_events').selectAll().execute(),
      ]);
      for (const email of ['opted.out@example.fr', 'kept@example.fr', 'erased@example.fr'])
        expect(everything).not.toContain(plainSha256(email));
      const subjects = await relay.db.selectFrom('consent_events').select('subject_hash').execute();
      for (const hash of [...suppressed.map((s) => s.email_hash), ...subjects.map((s) => s.subject_hash)])
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await relay.close();
    }
  });
});
