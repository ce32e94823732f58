/**
 * What only relays sharing one PostgreSQL database need: migrations run once
 * when relays start together, and one purge at a time (PostgreSQL run only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../retention/purge.js';
import { ON_POSTGRES, testDatabase } from '../test-support/database.js';
import { LOCKS } from './dialect.js';
import { MIGRATIONS } from './migrations/index.js';
import { openDatabase } from './open.js';

const dir = mkdtempSync(join(tmpdir(), 'tract-dialect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!ON_POSTGRES)('relays sharing one PostgreSQL database', () => {
  it('migrate once when three start at the same moment', async () => {
    const database = await testDatabase(dir);
    try {
      const relays = await Promise.all([1, 2, 3].map(() => openDatabase(database.target)));
      const applied = await relays[0]!.selectFrom('relay_migrations').select('version').orderBy('version').execute();
      expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      for (const db of relays) await db.destroy();
    } finally {
      await database.drop();
    }
  });

  it('purge one at a time: a relay that finds the purge running leaves it to the other', async () => {
    const database = await testDatabase(dir);
    const db = await openDatabase(database.target);
    const other = await openDatabase(database.target);
    try {
      await db
        .insertInto('spent_challenges')
        .values([
          { signature: 'old-1', expires_at: '2000-01-01T00:00:00Z' },
          { signature: 'old-2', expires_at: '2000-01-01T00:00:00Z' },
        ])
        .execute();
      // Another relay's purge holds the lock until its transaction ends.
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const running = other.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${LOCKS.purge})`.execute(trx);
        locked();
        await held;
      });
      await holding;
      expect(await purgeExpired(db, new Date())).toMatchObject({ spentChallenges: 0 });
      expect(await db.selectFrom('spent_challenges').select('signature').execute()).toHaveLength(2);
      release();
      await running;
      expect(await purgeExpired(db, new Date())).toMatchObject({ spentChallenges: 2 });
    } finally {
      await other.destroy();
      await db.destroy();
      await database.drop();
    }
  });
});
