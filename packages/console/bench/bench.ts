/**
 * `npm run bench -w packages/console`: the console on a large campaign. A
 * relay database of 1,000,000 actions from 300,000 fictional people (the
 * demo's generator, bulk-loaded straight into SQLite), then, over HTTP: the
 * overview's aggregates, a search by email prefix, the first page of
 * filtered lists, and the console's first screen from a cold load in
 * Chromium; and its JavaScript, min+gz, beside its first-screen budget.
 * Figures are printed, never asserted (the size test holds the budget).
 * BENCH_ACTIONS and BENCH_PEOPLE make the database smaller for a quick look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createToken, loadHashKey, openDatabase, parseConfig, startRelay } from '@tract/relay';
import { demoRows, type SeedBatch } from '@tract/relay/demo';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { builtApps, firstScreenSize } from '../test/bundle-size.js';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 1_000_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300_000);
const RUNS = 15;

const config = parseConfig({
  origins: ['https://bench.example.fr'],
  accessLog: false,
  signups: { doubleOptIn: false },
  petitions: [
    { id: 'sauvons-la-riviere', title: 'Sauvons la rivière', goal: 500_000 },
    { id: 'pistes-cyclables', title: 'Des pistes cyclables', goal: 100_000 },
  ],
  events: [
    {
      id: 'reunion-publique',
      title: 'Réunion publique',
      startsAt: '2027-01-12T18:00:00Z',
      endsAt: null,
      timeZone: 'Europe/Paris',
      place: { name: 'Salle', address: 'Lyon' },
      capacity: 50_000,
    },
  ],
  donations: {
    profile: 'fr-candidate',
    election: 'municipales-2026-lyon',
    checkoutUrlTemplate: 'https://pay.example.fr/checkout?amount={amount}&reference={reference}',
  },
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Loads the generated rows with prepared statements, 2,000 people (and their actions) per transaction. */
function bulkLoad(path: string, hashKey: ReturnType<typeof loadHashKey>): void {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const statements = new Map<string, Database.Statement>();
  const insert = (table: string, rows: object[]) => {
    if (rows.length === 0) return;
    let statement = statements.get(table);
    if (!statement) {
      const columns = Object.keys(rows[0]!);
      statement = sqlite.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
      statements.set(table, statement);
    }
    for (const row of rows) statement.run(row);
  };
  const write = sqlite.transaction((batch: SeedBatch) => {
    insert('people', batch.people);
    insert('actions', batch.actions);
    insert('consent_events', batch.consent);
    insert('outbox', batch.outbox);
  });
  const rows = demoRows({ config, hashKey, now: new Date(), people: PEOPLE, actions: ACTIONS, days: 30 });
  for (;;) {
    const next = rows.next();
    if (next.done) {
      sqlite.transaction(() => insert('action_counts', next.value))();
      break;
    }
    write(next.value);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
  sqlite.close();
}

async function timed(label: string, budgetMs: number, call: () => Promise<Response>): Promise<void> {
  const times: number[] = [];
  let records = '';
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const response = await call();
    const body = (await response.json()) as { people?: unknown[]; totals?: Record<string, number> };
    times.push(performance.now() - start);
    if (!response.ok) throw new Error(`${label}: ${response.status} ${JSON.stringify(body)}`);
    records = body.people
      ? `${body.people.length} people`
      : `${Object.values(body.totals ?? {}).reduce((a, b) => a + b, 0)} actions counted`;
  }
  console.log(`${label.padEnd(52)} median ${median(times).toFixed(1).padStart(6)} ms  (budget ${budgetMs} ms; ${records})`);
}

const dir = mkdtempSync(join(tmpdir(), 'tract-console-bench-'));
const dbPath = join(dir, 'relay.db');
try {
  const hashKey = loadHashKey({ dbPath });
  await (await openDatabase(dbPath)).destroy();
  let start = performance.now();
  bulkLoad(dbPath, hashKey);
  console.log(
    `Loaded ${ACTIONS.toLocaleString('en')} actions from ${PEOPLE.toLocaleString('en')} people in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );

  const relay = await startRelay({ config, dbPath, port: 0, hashKey, log: () => {} });
  const { token } = await createToken(relay.db, 'admin', 'Bench admin');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const get = (path: string) => () => fetch(`${relay.url}${path}`, { headers });
  const search = (body: unknown) => () =>
    fetch(`${relay.url}/v1/admin/people/search`, { method: 'POST', headers, body: JSON.stringify(body) });
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  try {
    await timed('overview, last 30 days per day', 100, get('/v1/admin/overview?range=30d&bucket=day'));
    await timed('overview, last 24 hours per hour', 100, get('/v1/admin/overview?range=24h&bucket=hour'));
    await timed('overview, all time per week', 100, get('/v1/admin/overview?range=all&bucket=week'));
    await timed('search by email prefix "zoe.exemple.12"', 50, search({ q: 'zoe.exemple.12', by: 'email' }));
    await timed('search by name prefix "spéc"', 50, search({ q: 'spéc' }));
    await timed('search by postal code "6900"', 50, search({ q: '6900' }));
    await timed('first page: donors', 50, search({ kind: 'donation' }));
    await timed('first page: source mastodon, last 7 days', 50, search({ source: 'mastodon', from: weekAgo }));
    await timed('first page: email consent', 50, search({ purpose: 'email' }));

    const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
      CHROMIUM_ARGS: string[];
      CHROMIUM_PATH: string;
    };
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const signIn: number[] = [];
    const overview: number[] = [];
    for (let i = 0; i < 5; i++) {
      // A new context each time: an empty cache, a cold load.
      const context = await browser.newContext();
      const page = await context.newPage();
      start = performance.now();
      await page.goto(`${relay.url}/console/`);
      await page.locator('#token').waitFor();
      signIn.push(performance.now() - start);
      await page.locator('#token').fill(token);
      start = performance.now();
      await page.locator('#token').press('Enter');
      await page.locator('tract-overview dl.totals dd').first().waitFor();
      overview.push(performance.now() - start);
      await context.close();
    }
    await browser.close();
    console.log(
      `${'console first screen (sign-in) from a cold load'.padEnd(52)} median ${median(signIn).toFixed(0).padStart(6)} ms  (budget 1000 ms)`,
    );
    console.log(`${'overview shown after signing in'.padEnd(52)} median ${median(overview).toFixed(0).padStart(6)} ms`);
  } finally {
    await relay.close();
  }

  for (const app of builtApps()) {
    const size = firstScreenSize(app);
    console.log(
      `${app.name} JavaScript, min+gz: first screen ${(size.bytes / 1024).toFixed(1)} KB of its ${(app.firstScreenBudget / 1024).toFixed(0)} KB budget; loaded after (charts): ${(size.laterBytes / 1024).toFixed(1)} KB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
