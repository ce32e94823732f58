/** The app's answers when storage fails: 503 with Retry-After while it is unavailable, 500 otherwise. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelayApp } from './app.js';
import { parseConfig } from './config/load.js';
import { HashKey } from './db/hash-key.js';
import { openDatabase } from './db/open.js';
import { createRelayContext } from './server.js';
import { type TestDatabase, testDatabase } from './test-support/database.js';
import { ORIGIN, signupBody, testConfig } from './test-support/relay.js';

const dirs: string[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.drop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function appOverDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'tract-app-'));
  dirs.push(dir);
  const database = await testDatabase(dir);
  databases.push(database);
  const db = await openDatabase(database.target);
  const logs: string[] = [];
  const ctx = createRelayContext(
    parseConfig(testConfig({ challenge: { enabled: false } })),
    db,
    (line) => logs.push(line),
    'secret',
    HashKey.fromBytes(randomBytes(32)),
  );
  return { ctx, db, logs, app: createRelayApp(ctx, { clientAddress: () => '192.0.2.1' }) };
}

function signup(app: ReturnType<typeof createRelayApp>, language = 'en') {
  return app.fetch(
    new Request('http://relay.test/v1/signups', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), origin: ORIGIN, 'accept-language': language },
      body: JSON.stringify({ ...signupBody('edge@example.fr'), bot: { fillMs: 5000 } }),
    }),
  );
}

describe('storage failures', () => {
  it('runs as a plain fetch handler, outside Node', async () => {
    const { app, db } = await appOverDatabase();
    const response = await signup(app);
    expect(response.status).toBe(202);
    await db.destroy();
  });

  it('answers 503 unavailable with Retry-After once the commit queue is closed', async () => {
    const { app, ctx, db } = await appOverDatabase();
    await ctx.queue.close();
    const response = await signup(app, 'fr');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = await response.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toContain('indisponible');
    await db.destroy();
  });

  it('answers 500 internal_error when the database is gone, and logs no personal data', async () => {
    const { app, db, logs } = await appOverDatabase();
    await db.destroy();
    const response = await signup(app);
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe('internal_error');
    expect(logs.join()).toContain('"event":"error"');
    expect(logs.join()).not.toContain('edge@example.fr');
  });
});
