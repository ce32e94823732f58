/**
 * `tract-relay copy`: a campaign's SQLite relay moves to PostgreSQL and the
 * relay there carries on as if nothing happened (PostgreSQL run only: it
 * needs a server to copy into).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate, createToken } from '../auth/tokens.js';
import { parseConfig } from '../config/load.js';
import { startRelay } from '../server.js';
import { createPostgresDatabase, ON_POSTGRES } from '../test-support/database.js';
import { countRows, post, signupBody, testConfig } from '../test-support/relay.js';
import { loadHashKey } from './hash-key.js';

const packageDir = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    timeout: 60_000,
  });
}

describe.skipIf(!ON_POSTGRES)('tract-relay copy --from relay.db --to postgres://...', () => {
  it('moves every record, so retries, tokens, counts and hashes carry on from PostgreSQL', async () => {
    const file = join(dir, 'relay.db');
    const config = parseConfig(testConfig({ challenge: { enabled: false } }));
    const common = { config, port: 0, log: () => undefined, challengeSecret: 'copy-secret', hashKey: loadHashKey({ dbPath: file }) };
    const sqlite = await startRelay({ ...common, dbPath: file });
    const admin = await createToken(sqlite.db, 'admin', 'Admin');
    const first = await post(sqlite, '/v1/signups', signupBody('camille@example.fr'));
    await post(sqlite, '/v1/petitions/stop-the-dump/signatures', signupBody('dominique@example.fr'));
    const before = {
      actions: await countRows(sqlite, 'actions'),
      people: await countRows(sqlite, 'people'),
      consent: await countRows(sqlite, 'consent_events'),
      idempotency: await countRows(sqlite, 'idempotency_records'),
    };
    const facts = await (await fetch(`${sqlite.url}/v1/petitions/stop-the-dump`)).json();
    await sqlite.close();

    const database = await createPostgresDatabase();
    try {
      const copied = cli(['copy', '--from', file, '--to', database.target]);
      expect(copied.stderr).toBe('');
      expect(copied.status).toBe(0);
      expect(copied.stdout).toContain(`actions ${before.actions}`);
      expect(copied.stdout).toContain(`people ${before.people}`);
      expect(copied.stdout).toContain('set TRACT_HASH_KEY to the contents of');

      const pg = await startRelay({ ...common, dbPath: database.target });
      try {
        expect(await countRows(pg, 'actions')).toBe(before.actions);
        expect(await countRows(pg, 'people')).toBe(before.people);
        expect(await countRows(pg, 'consent_events')).toBe(before.consent);
        expect(await countRows(pg, 'idempotency_records')).toBe(before.idempotency);
        // A retry of a submission the SQLite relay answered gets the same answer, and stores nothing new.
        const retry = await post(pg, '/v1/signups', signupBody('camille@example.fr'), { key: first.key });
        expect(retry).toMatchObject({ status: 202, body: first.body });
        expect(await countRows(pg, 'actions')).toBe(before.actions);
        expect(await authenticate(pg.db, `Bearer ${admin.token}`)).toMatchObject({ role: 'admin', name: 'Admin' });
        expect(await (await fetch(`${pg.url}/v1/petitions/stop-the-dump`)).json()).toEqual(facts);
        // The same person signing again is recognised by the same keyed hash: still one record.
        await post(pg, '/v1/signups', signupBody('camille@example.fr'));
        expect(await countRows(pg, 'people')).toBe(before.people);
      } finally {
        await pg.close();
      }

      // Nothing is merged into a database that already holds data.
      const again = cli(['copy', '--from', file, '--to', database.target]);
      expect(again.status).toBe(2);
      expect(again.stderr).toContain('already holds data');
    } finally {
      await database.drop();
    }
  });

  it('refuses a missing source, and a password on the command line', () => {
    expect(cli(['copy', '--from', join(dir, 'missing.db'), '--to', 'postgres://x@127.0.0.1/x']).stderr).toContain('no such file');
    const file = join(dir, 'any.db');
    cli(['migrate', '--db', file]);
    const withPassword = cli(['copy', '--from', file, '--to', 'postgres://tract:secret@127.0.0.1/x']);
    expect(withPassword.status).toBe(2);
    expect(withPassword.stderr).toContain('must not hold a password');
    expect(withPassword.stderr).not.toContain('secret@');
  });
});
