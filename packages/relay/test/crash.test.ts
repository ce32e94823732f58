/**
 * Durability: a relay receiving a burst of 2,000 submissions is killed with
 * SIGKILL mid-burst and restarted. Every submission it acknowledged must be
 * in the database exactly once, and retrying the rest with their keys must
 * complete the set without a duplicate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ON_POSTGRES } from '../src/test-support/database.js';
import { ORIGIN, signupBody } from '../src/test-support/relay.js';

const TOTAL = 2000;
const CONCURRENCY = 64;
const KILL_AFTER_ACKS = 600;
const packageDir = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-crash-'));
const dbPath = join(dir, 'relay.db');
const configPath = join(dir, 'tract.config.json');
let child: ChildProcess | undefined;

writeFileSync(
  configPath,
  JSON.stringify({
    origins: [ORIGIN],
    // Signups are stored at once (no confirmation message): this test counts rows, not mail.
    signups: { doubleOptIn: false },
    // Proof of work is the client's cost; this test is about the server's durability.
    challenge: { enabled: false },
    rateLimits: { perIp: 1_000_000, perForm: 1_000_000, windowSeconds: 60 },
    accessLog: false,
  }),
);

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the relay CLI in a child process and resolves with its URL. */
function startChild(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(
      process.execPath,
      ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', '--config', configPath, '--db', dbPath, '--port', '0'],
      {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.once('exit', (code) => reject(new Error(`relay exited early (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; url?: string };
      if (event.event === 'listening' && event.url) resolve(event.url);
    });
  });
}

async function submit(url: string, key: string, index: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, origin: ORIGIN },
      body: JSON.stringify({ ...signupBody(`crash-${index}@example.fr`), bot: { honeypot: '', fillMs: 5000 } }),
    });
    await response.arrayBuffer();
    return response.status === 202;
  } catch {
    return false;
  }
}

// SQLite's own crash test (it reads the file); on PostgreSQL the kill test is multi-instance.test.ts.
describe.skipIf(ON_POSTGRES)('kill -9 during a burst', () => {
  it('loses no acknowledged submission and duplicates none', async () => {
    const keys = Array.from({ length: TOTAL }, () => randomUUID());
    const acknowledged = new Set<number>();
    let url = await startChild();
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        const index = next++;
        if (await submit(url, keys[index]!, index)) acknowledged.add(index);
        if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
          killed = true;
          child!.removeAllListeners('exit');
          child!.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed).toBe(true);
    const acknowledgedBeforeCrash = new Set(acknowledged);
    expect(acknowledgedBeforeCrash.size).toBeLessThan(TOTAL);

    // Every acknowledged submission survived the crash.
    const afterCrash = new Database(dbPath, { readonly: true });
    const stored = new Set((afterCrash.prepare('select id from actions').all() as Array<{ id: string }>).map((row) => row.id));
    afterCrash.close();
    for (const index of acknowledgedBeforeCrash) expect(stored.has(keys[index]!)).toBe(true);

    // The client retries everything it did not see acknowledged, with the same keys.
    url = await startChild();
    const retries = keys.map((key, index) => ({ key, index })).filter(({ index }) => !acknowledged.has(index));
    for (let i = 0; i < retries.length; i += CONCURRENCY) {
      const results = await Promise.all(retries.slice(i, i + CONCURRENCY).map(({ key, index }) => submit(url, key, index)));
      expect(results.every(Boolean)).toBe(true);
    }
    child!.removeAllListeners('exit');
    child!.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));

    const db = new Database(dbPath, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('select count(*) as n from actions')).toBe(TOTAL);
    expect(count('select count(distinct id) as n from actions')).toBe(TOTAL);
    expect(count('select count(*) as n from people')).toBe(TOTAL);
    expect(count('select count(*) as n from consent_events')).toBe(TOTAL);
    expect(count('select count(*) as n from idempotency_records')).toBe(TOTAL);
    const ids = new Set((db.prepare('select id from actions').all() as Array<{ id: string }>).map((row) => row.id));
    db.close();
    expect(keys.every((key) => ids.has(key))).toBe(true);
  });
});
