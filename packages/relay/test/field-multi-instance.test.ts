/**
 * Field slices across relays: volunteers asking three relay processes on one
 * PostgreSQL database at the same moment never receive the same person, and
 * a volunteer asking two relays at once still holds one slice.
 *
 * PostgreSQL only (TRACT_TEST_POSTGRES=1): a SQLite file belongs to one process.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.js';
import { openDatabase } from '../src/db/open.js';
import type { Database } from '../src/db/schema.js';
import { ON_POSTGRES, type TestDatabase, testDatabase } from '../src/test-support/database.js';
import { call, createList, seedPeople, volunteer } from '../src/test-support/field.js';
import { type TestRelay, testConfig } from '../src/test-support/relay.js';
import { spawnRelayProcess } from './support/spawn-relay.js';

const dir = mkdtempSync(join(tmpdir(), 'tract-field-multi-'));
const env = { TRACT_HASH_KEY: randomBytes(32).toString('base64'), TRACT_CHALLENGE_SECRET: randomBytes(32).toString('base64url') };
const children: ChildProcess[] = [];
let database: TestDatabase | undefined;
let db: Kysely<Database> | undefined;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.destroy();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!ON_POSTGRES)('three relays hand out slices that never overlap, and one open slice per volunteer', async () => {
  database = await testDatabase(dir);
  db = await openDatabase(database.target);
  const configPath = join(dir, 'tract.config.json');
  writeFileSync(configPath, JSON.stringify(testConfig({ accessLog: false, challenge: { enabled: false } })));
  const relays = await Promise.all([0, 1, 2].map(() => spawnRelayProcess(configPath, database!.target, env, children)));
  const admin = await createToken(db, 'admin', 'Admin');
  const first = { ...relays[0]!, adminToken: admin.token } as unknown as TestRelay;
  await seedPeople(first, 90);
  const list = await createList(first, { sliceSize: 6 });
  expect(list.size).toBe(90);
  const volunteers = await Promise.all(Array.from({ length: 12 }, (_, i) => volunteer(first, list.id, `V${i}`)));

  // Each volunteer asks two relays at once; the twelve of them together, across the three relays.
  const answers = await Promise.all(
    volunteers.flatMap((v, i) => [
      call(relays[i % 3]!, v.token, 'POST', '/v1/field/slices'),
      call(relays[(i + 1) % 3]!, v.token, 'POST', '/v1/field/slices'),
    ]),
  );
  const taken = answers.filter((a) => a.status === 201);
  expect(taken).toHaveLength(12);
  expect(answers.filter((a) => a.status === 409)).toHaveLength(12);
  const refs = taken.flatMap((a) => a.body.people.map((p: { ref: string }) => p.ref));
  expect(refs).toHaveLength(72);
  expect(new Set(refs).size).toBe(72);
  const open = await db.selectFrom('field_slices').select('token_id').where('closed_at', 'is', null).execute();
  expect(new Set(open.map((s) => s.token_id)).size).toBe(12);
  expect(open).toHaveLength(12);
});
