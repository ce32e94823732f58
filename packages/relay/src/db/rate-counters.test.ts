/**
 * The shared counter over a real PostgreSQL database (TRACT_TEST_POSTGRES=1):
 * two counters on one database stand for two relays. Only relays on
 * PostgreSQL share counters (its statement uses PostgreSQL's arrays and a
 * data-modifying CTE); a relay on SQLite counts in memory (`MemoryRateCounter`,
 * tested in `http/rate-limit.test.ts`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chargeOrRefuse } from '../http/rate-limit.js';
import { ON_POSTGRES, type TestDatabase, testDatabase } from '../test-support/database.js';
import { HashKey } from './hash-key.js';
import { openDatabase } from './open.js';
import { DatabaseRateCounter } from './rate-counters.js';
import type { Database } from './schema.js';

let dir: string;
let database: TestDatabase;
let first: Kysely<Database>;
let second: Kysely<Database>;
const key = HashKey.fromBytes(randomBytes(32));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tract-counters-'));
  database = await testDatabase(dir);
  first = await openDatabase(database.target);
  // Two pools, as two relays have.
  second = ON_POSTGRES ? await openDatabase(database.target) : first;
});

afterEach(async () => {
  if (second !== first) await second.destroy();
  await first.destroy();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!ON_POSTGRES)('DatabaseRateCounter', () => {
  it('counts the hits of every relay on the database together, per window, keeping the one before', async () => {
    let now = 60_000 * 100 + 5_000;
    const a = new DatabaseRateCounter(first, 'ip', 60, key, () => now);
    const b = new DatabaseRateCounter(second, 'ip', 60, key, () => now);
    expect(await a.add('192.0.2.1', 1)).toEqual({ current: 1, previous: 0, resetsIn: 55 });
    expect(await b.add('192.0.2.1', 3)).toMatchObject({ current: 4 });
    expect(await a.read('192.0.2.1')).toMatchObject({ current: 4, previous: 0 });
    expect(await b.read('198.51.100.7')).toMatchObject({ current: 0, previous: 0 });
    now += 60_000;
    expect(await b.read('192.0.2.1')).toEqual({ current: 0, previous: 4, resetsIn: 55 });
    expect(await a.add('192.0.2.1', 1)).toMatchObject({ current: 1, previous: 4 });
    now += 180_000;
    expect(await a.read('192.0.2.1')).toMatchObject({ current: 0, previous: 0 });
  });

  it('answers concurrent hits in arrival order, so exactly the limit passes', async () => {
    const now = 60_000 * 100;
    const a = new DatabaseRateCounter(first, 'form', 60, key, () => now);
    const b = new DatabaseRateCounter(second, 'form', 60, key, () => now);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        chargeOrRefuse(i % 2 ? a : b, 'signup', 1, 25).then(
          () => 'passed',
          (error: { status?: number }) => error.status,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'passed')).toHaveLength(25);
    expect(outcomes.filter((outcome) => outcome === 429)).toHaveLength(15);
  });

  it('keeps counters apart by name, and stores no client address in clear', async () => {
    const now = 60_000 * 100;
    await new DatabaseRateCounter(first, 'ip', 60, key, () => now).add('192.0.2.1', 2);
    expect(await new DatabaseRateCounter(second, 'form', 60, key, () => now).read('192.0.2.1')).toMatchObject({ current: 0 });
    const rows = await first.selectFrom('rate_counters').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('192.0.2');
    expect(rows[0]!.key).toMatch(/^[0-9a-f]{64}$/);
  });
});
