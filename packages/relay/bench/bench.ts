/**
 * `npm run bench -w packages/relay`: the relay's throughput and latency on
 * loopback, beside a bare Hono handler (the ceiling). Each server runs in its
 * own process. The maximum rate is measured with wrk when it is installed
 * (a C client that leaves the two cores to the server), else with autocannon;
 * the fixed rate with autocannon, which can pace requests. Figures are
 * printed, never asserted.
 *
 * The same relay then runs on PostgreSQL (`BENCH_POSTGRES_URL`, default the
 * local server), one instance and then two on one database, each instance
 * taking half the connections and half the fixed rate (a load balancer's
 * even split). `BENCH_ONLY=pg1,pg2` runs only the named rows (bare, sqlite,
 * optin, pg1, pg2).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';

const packageDir = new URL('..', import.meta.url).pathname;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const FIXED_RATE = 2000;
/**
 * Many browsers posting at once: a group commit answers everyone waiting when
 * it lands, so the maximum rate grows with the number of concurrent clients.
 * wrk reaches it with fewer connections than autocannon, which spends more
 * of the shared cores per request.
 */
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((path) => existsSync(path));
const MAX_RATE_CLIENT = process.env.BENCH_CLIENT === 'autocannon' || !WRK ? 'autocannon' : 'wrk';
const MAX_RATE_CONNECTIONS = MAX_RATE_CLIENT === 'wrk' ? 256 : 512;
const ORIGIN = 'https://bench.example.fr';
/** The young-generation size the Dockerfile and `npm start` run the relay with (see docs/performance.md); the ceiling gets it too. */
const SEMI_SPACE = '--max-semi-space-size=32';
const TEXT_HASH = `sha256:${'a'.repeat(64)}`;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ONLY = process.env.BENCH_ONLY?.split(',');
const runs = (name: string) => !ONLY || ONLY.includes(name);

/**
 * Starts a server process whose stdout (the access log) goes to a file: a pipe
 * drained by this busy process would block the server's synchronous writes.
 */
async function startServer(
  args: string[],
  logPath: string,
  env: Record<string, string> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const logFd = openSync(logPath, 'w');
  const child = spawn(process.execPath, [SEMI_SPACE, '--conditions=tract-source', '--import', 'tsx', ...args], {
    cwd: packageDir,
    stdio: ['ignore', logFd, 'inherit'],
    env: { ...process.env, ...env },
  });
  closeSync(logFd);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (exited) throw new Error(`${args[0]} exited before listening`);
    const line = readFileSync(logPath, 'utf8')
      .split('\n')
      .find((l) => l.includes('"listening"'));
    if (line) return { url: (JSON.parse(line) as { url: string }).url, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${args[0]} did not start listening within 30 s`);
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** CPU seconds a process has used so far (user + system), from /proc; undefined where there is none. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** Share of one core a process used while `run` ran, in percent (undefined without /proc). */
async function measureCpu<T>(pid: number | undefined, run: () => Promise<T>): Promise<{ result: T; cpu: number | undefined }> {
  const before = cpuSecondsOf(pid);
  const started = performance.now();
  const result = await run();
  const after = cpuSecondsOf(pid);
  const seconds = (performance.now() - started) / 1000;
  return { result, cpu: before === undefined || after === undefined ? undefined : Math.round((100 * (after - before)) / seconds) };
}

type LoadResult = { accepted: number; other: number; perSecond: number; p50: number; p99: number; clientCpu: number | undefined };

/** wrk at full speed with `bench/signup.lua` (a distinct signup per request); its CPU is sampled while it runs. */
async function loadWithWrk(url: string, connections: number): Promise<LoadResult> {
  const script = join(packageDir, 'bench', 'signup.lua');
  let lastCpu: number | undefined;
  let pid: number | undefined;
  const sampler = setInterval(() => {
    lastCpu = cpuSecondsOf(pid) ?? lastCpu;
  }, 200);
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      WRK!,
      ['-t1', `-c${connections}`, `-d${DURATION_S}s`, '--latency', '-s', script, `${url}/v1/signups`, '--', randomBytes(4).toString('hex')],
      { timeout: (DURATION_S + 30) * 1000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    pid = child.pid;
  }).finally(() => clearInterval(sampler));
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const millis = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(output);
    if (!match) return Number.NaN;
    return Math.round(Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's']);
  };
  const total = number(/(\d+) requests in/);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)?.slice(1) ?? [];
  const other = number(/Non-2xx or 3xx responses: (\d+)/) + socketErrors.reduce((sum, count) => sum + Number(count), 0);
  return {
    accepted: total - other,
    other,
    perSecond: Math.round((total - other) / DURATION_S),
    p50: millis('50'),
    p99: millis('99'),
    clientCpu: lastCpu === undefined ? undefined : Math.round((100 * lastCpu) / DURATION_S),
  };
}

let sequence = 0;
/** A distinct valid signup per request: new key, new email. */
function signupRequest(request: { headers: Record<string, string>; body?: string }) {
  const n = sequence++;
  request.headers['idempotency-key'] = randomUUID();
  request.body = JSON.stringify({
    person: { givenName: 'Camille', familyName: 'Martin', email: `bench-${process.pid}-${n}@example.fr` },
    consent: [{ purpose: 'email', granted: true, textVersion: 'newsletter-v1', textHash: TEXT_HASH, language: 'fr' }],
    source: { utmSource: 'bench', pageUrl: 'https://bench.example.fr/agir' },
    bot: { honeypot: '', fillMs: 5000 },
  });
  return request;
}

async function loadWithAutocannon(url: string, options: { connections: number; overallRate?: number }): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({
    url: `${url}/v1/signups`,
    duration: DURATION_S,
    connections: options.connections,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        setupRequest: signupRequest as never,
      },
    ],
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    accepted: result['2xx'],
    other: result.non2xx + result.errors + result.timeouts,
    perSecond: Math.round(result['2xx'] / DURATION_S),
    p50: result.latency.p50,
    p99: result.latency.p99,
    clientCpu: Math.round((cpu.user + cpu.system) / 10 / (performance.now() - started)),
  };
}

/** The maximum rate: every connection posts again as soon as it is answered. */
function loadAtMaxRate(url: string): Promise<LoadResult> {
  return MAX_RATE_CLIENT === 'wrk'
    ? loadWithWrk(url, MAX_RATE_CONNECTIONS)
    : loadWithAutocannon(url, { connections: MAX_RATE_CONNECTIONS });
}

/** The fixed rate, paced by autocannon over 50 connections. */
function loadAtFixedRate(url: string): Promise<LoadResult> {
  return loadWithAutocannon(url, { connections: 50, overallRate: FIXED_RATE });
}

/**
 * Load spread evenly over several relays at once: each gets its share of the
 * connections (and of the fixed rate). Throughputs add up; the latency
 * reported is the worse of the instances' percentiles.
 */
async function loadSpread(urls: string[], fixed: boolean): Promise<LoadResult> {
  const share = (total: number) => Math.round(total / urls.length);
  const results = await Promise.all(
    urls.map((url) =>
      fixed
        ? loadWithAutocannon(url, { connections: share(50), overallRate: share(FIXED_RATE) })
        : MAX_RATE_CLIENT === 'wrk'
          ? loadWithWrk(url, share(MAX_RATE_CONNECTIONS))
          : loadWithAutocannon(url, { connections: share(MAX_RATE_CONNECTIONS) }),
    ),
  );
  const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    accepted: sum((r) => r.accepted),
    other: sum((r) => r.other),
    perSecond: sum((r) => r.perSecond),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    // autocannon runs in this process: the instances' loads share one measurement.
    clientCpu: MAX_RATE_CLIENT === 'wrk' || fixed ? sum((r) => r.clientCpu ?? 0) : results[0]!.clientCpu,
  };
}

/** A fresh PostgreSQL database for one run; undefined (and a line saying why) when no server answers. */
async function postgresDatabase(name: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`create database ${name}`);
  } catch (error) {
    console.log(`PostgreSQL rows skipped: no server at ${POSTGRES_URL} (${(error as Error).message}).`);
    return undefined;
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** `synchronous_commit` as the server runs it, so the figures say which durability they measured. */
async function postgresSetting(url: string, setting: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`show ${setting}`)).rows[0][setting];
  } finally {
    await client.end();
  }
}

/**
 * A server's answers from its access log (2xx together, others by status) and
 * the errors it logged. A 503 there is a request its client had already given
 * up on when the run ended and the relay stopped: the client counted nothing.
 */
function statusesIn(logPath: string): string {
  const classes = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { status?: number; event?: string; error?: string };
    // 2xx together; anything else by its exact status.
    const name = entry.status === undefined ? undefined : entry.status < 300 ? '2xx' : String(entry.status);
    if (name) classes.set(name, (classes.get(name) ?? 0) + 1);
    if (entry.event?.endsWith('error')) errors.set(entry.error ?? entry.event, (errors.get(entry.error ?? entry.event) ?? 0) + 1);
  }
  const parts = [...classes].map(([name, count]) => `${name} ${count}`);
  for (const [error, count] of errors) parts.push(`${count} x ${error}`);
  return parts.join(', ');
}

/** PostgreSQL's server processes (every `postgres` process on this machine), for their CPU share. */
function postgresPids(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** Commits and WAL syncs so far, server-wide: their ratio is how many commits each disk flush carried. */
async function postgresCounters(url: string): Promise<{ commits: number; syncs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const commits = (await client.query('select sum(xact_commit) as n from pg_stat_database')).rows[0].n;
    const syncs = (await client.query('select wal_sync as n from pg_stat_wal')).rows[0].n;
    return { commits: Number(commits), syncs: Number(syncs) };
  } finally {
    await client.end();
  }
}

/** Runs `run` and says what PostgreSQL did meanwhile: its CPU share, commits and WAL syncs per second. */
async function measurePostgres<T>(url: string, run: () => Promise<T>): Promise<{ result: T; line: string }> {
  const cpuBefore = new Map(postgresPids().map((pid) => [pid, cpuSecondsOf(pid) ?? 0]));
  const before = await postgresCounters(url);
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const after = await postgresCounters(url);
  // Backends the relays' pools opened during the run count from zero.
  const cpu = postgresPids().reduce((sum, pid) => sum + (cpuSecondsOf(pid) ?? 0) - (cpuBefore.get(pid) ?? 0), 0);
  const commits = (after.commits - before.commits) / seconds;
  const syncs = (after.syncs - before.syncs) / seconds;
  const line = `PostgreSQL CPU ${Math.round((100 * cpu) / seconds)} % (${(cpu * 1000).toFixed(0)} ms CPU in all), ${Math.round(commits)} commits/s, ${Math.round(syncs)} WAL syncs/s`;
  return { result, line };
}

async function countPostgresActions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query('select count(*) as n from actions')).rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * An SMTP server that accepts connections and never answers: the double
 * opt-in relay's mail worker waits on it (10 s per try) instead of competing
 * for the cores, so its row measures what a submission costs the relay.
 */
async function silentSmtpServer(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

function countActions(path: string): number {
  const db = new Database(path, { readonly: true });
  const { n } = db.prepare('select count(*) as n from actions').get() as { n: number };
  db.close();
  return n;
}

/** Like `measureCpu`, summed over several server processes. */
async function measureCpus<T>(pids: (number | undefined)[], run: () => Promise<T>): Promise<{ result: T; cpu: number | undefined }> {
  const before = pids.map(cpuSecondsOf);
  const started = performance.now();
  const result = await run();
  const after = pids.map(cpuSecondsOf);
  const seconds = (performance.now() - started) / 1000;
  if ([...before, ...after].some((value) => value === undefined)) return { result, cpu: undefined };
  const used = after.reduce((sum, value, i) => sum! + value! - before[i]!, 0)!;
  return { result, cpu: Math.round((100 * used) / seconds) };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tract-bench-'));
  const config = {
    origins: [ORIGIN],
    challenge: { enabled: false },
    rateLimits: { perIp: 100_000_000, perForm: 100_000_000, windowSeconds: 60 },
    accessLog: true,
  };
  const configPath = join(dir, 'tract.config.json');
  const dbPath = join(dir, 'relay.db');
  writeFileSync(configPath, JSON.stringify({ ...config, signups: { doubleOptIn: false } }));
  const smtp = await silentSmtpServer();
  const optInConfigPath = join(dir, 'double-opt-in.config.json');
  const optInDbPath = join(dir, 'double-opt-in.db');
  writeFileSync(
    optInConfigPath,
    JSON.stringify({
      ...config,
      publicUrl: 'http://127.0.0.1',
      campaign: { name: 'Bench', controller: 'Bench, Lyon', privacyUrl: 'https://bench.example.fr/vie-privee' },
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'bench@example.fr' },
    }),
  );
  console.log(
    `Relay benchmark: ${DURATION_S} s per run, loopback, each server in its own process. Max rate: ${MAX_RATE_CLIENT} (${MAX_RATE_CONNECTIONS} connections); fixed rate: autocannon in this process.`,
  );
  // Other work on the machine moves every figure; the ceiling run beside it shows by how much.
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at start.`);
  console.log('Proof of work is off: it costs the client (the browser solving it), not the relay; verifying it is one HMAC.');
  console.log('Everything else is on: CORS, rate limits, strict JSON, validation, idempotency, consent log, access log,');
  console.log(
    'and the 202 is sent after the group commit reached the disk (SQLite: WAL, synchronous=FULL; PostgreSQL: synchronous_commit).\n',
  );
  const pgEnv = { TRACT_HASH_KEY: randomBytes(32).toString('base64'), TRACT_CHALLENGE_SECRET: randomBytes(32).toString('base64url') };
  type Run = { result: LoadResult; cpu: number | undefined };
  const rows: { name: string; max: Run; fixed: Run }[] = [];
  const stores: string[] = [];
  const postgresLines: string[] = [];
  try {
    if (runs('bare')) {
      const bare = await startServer(['bench/bare-hono.ts'], join(dir, 'bare.log'));
      const bareMax = await measureCpu(bare.child.pid, () => loadAtMaxRate(bare.url));
      const bareFixed = await measureCpu(bare.child.pid, () => loadAtFixedRate(bare.url));
      await stopServer(bare.child);
      rows.push({ name: 'bare Hono handler (ceiling)', max: bareMax, fixed: bareFixed });
    }

    if (runs('sqlite')) {
      const relay = await startServer(['src/main.ts', '--config', configPath, '--db', dbPath, '--port', '0'], join(dir, 'relay.log'));
      const relayMax = await measureCpu(relay.child.pid, () => loadAtMaxRate(relay.url));
      const relayFixed = await measureCpu(relay.child.pid, () => loadAtFixedRate(relay.url));
      await stopServer(relay.child);
      rows.push({ name: 'relay, SQLite', max: relayMax, fixed: relayFixed });
      stores.push(`SQLite ${countActions(dbPath)} stored / ${relayMax.result.accepted + relayFixed.result.accepted} acknowledged`);
    }

    if (runs('optin')) {
      const optIn = await startServer(
        ['src/main.ts', '--config', optInConfigPath, '--db', optInDbPath, '--port', '0'],
        join(dir, 'double-opt-in.log'),
      );
      const optInMax = await measureCpu(optIn.child.pid, () => loadAtMaxRate(optIn.url));
      const optInFixed = await measureCpu(optIn.child.pid, () => loadAtFixedRate(optIn.url));
      await stopServer(optIn.child);
      rows.push({ name: 'relay, SQLite, double opt-in', max: optInMax, fixed: optInFixed });
      stores.push(`double opt-in ${countActions(optInDbPath)} / ${optInMax.result.accepted + optInFixed.result.accepted}`);
    }

    for (const instances of [1, 2]) {
      if (!runs(`pg${instances}`)) continue;
      const database = await postgresDatabase(`tract_bench_${instances}`);
      if (!database) break;
      try {
        if (instances === 1) console.log(`PostgreSQL: synchronous_commit=${await postgresSetting(database.url, 'synchronous_commit')}.`);
        const servers = [];
        for (let n = 0; n < instances; n++) {
          servers.push(
            await startServer(
              ['src/main.ts', '--config', configPath, '--db', database.url, '--port', '0'],
              join(dir, `pg-${instances}-${n}.log`),
              pgEnv,
            ),
          );
        }
        const pids = servers.map((server) => server.child.pid);
        const urls = servers.map((server) => server.url);
        const measured = await measurePostgres(database.url, () => measureCpus(pids, () => loadSpread(urls, false)));
        const max = measured.result;
        const fixed = await measureCpus(pids, () => loadSpread(urls, true));
        postgresLines.push(`${instances} relay${instances > 1 ? 's' : ''} at max rate: ${measured.line}.`);
        for (const server of servers) await stopServer(server.child);
        const logs = servers.map((_, n) => statusesIn(join(dir, `pg-${instances}-${n}.log`)));
        postgresLines.push(`${instances} relay${instances > 1 ? 's' : ''}, answers in the access logs: ${logs.join(' | ')}.`);
        rows.push({ name: `${instances} relay${instances > 1 ? 's' : ''}, PostgreSQL`, max, fixed });
        stores.push(
          `PostgreSQL x${instances} ${await countPostgresActions(database.url)} / ${max.result.accepted + fixed.result.accepted}`,
        );
      } finally {
        await database.drop();
      }
    }

    const percent = (value: number | undefined) => (value === undefined ? '?' : `${value} %`).padStart(6);
    const row = (name: string, max: Run, fixed: Run) =>
      `${name.padEnd(30)}${String(max.result.perSecond).padStart(10)}/s ${String(max.result.p99).padStart(6)} ms   ${String(fixed.result.p50).padStart(4)} ms   ${String(fixed.result.p99).padStart(4)} ms   ${String(max.result.other + fixed.result.other).padStart(6)}   ${percent(max.cpu)} ${percent(max.result.clientCpu)}  ${percent(fixed.cpu)} ${percent(fixed.result.clientCpu)}`;
    console.log(
      `Max rate: ${MAX_RATE_CLIENT}, ${MAX_RATE_CONNECTIONS} concurrent connections. Fixed rate: ${FIXED_RATE} requests/s over 50 connections.`,
    );
    console.log('CPU: share of one core used by the server(s) and by the client during each run (two cores in all;');
    console.log("PostgreSQL's own processes are not counted in the server column).\n");
    console.log(
      `${''.padEnd(30)}${'max rate'.padStart(12)} ${'p99'.padStart(9)}   p50 @${FIXED_RATE}/s   p99 @${FIXED_RATE}/s   non-2xx   CPU max: server client   @${FIXED_RATE}/s: server client`,
    );
    for (const { name, max, fixed } of rows) console.log(row(name, max, fixed));
    console.log(`\nActions stored / acknowledged in each run's database: ${stores.join('; ')}.`);
    for (const line of postgresLines) console.log(line);
    // Load-independent: what one submission costs the server process(es), whatever share of the cores they got.
    const costs = rows
      .filter(({ max }) => max.cpu !== undefined && max.result.accepted > 0)
      .map(({ name, max }) => `${name} ${(((max.cpu! / 100) * DURATION_S * 1000) / max.result.accepted).toFixed(3)} ms`);
    console.log(`Server CPU per acknowledged submission at max rate: ${costs.join('; ')}.`);
    console.log('With double opt-in, each signup also writes its confirmation link and its queued message in the same commit.');
    const bareRow = rows.find((r) => r.name.startsWith('bare'));
    const sqliteRow = rows.find((r) => r.name === 'relay, SQLite');
    if (bareRow && sqliteRow) {
      console.log(`Relay / ceiling: ${Math.round((100 * sqliteRow.max.result.perSecond) / bareRow.max.result.perSecond)} %.`);
    }
    console.log(`Load average at the end: ${loadavg()[0]!.toFixed(1)}.`);
    console.log("Owner's targets: >= 5,000 durable submissions/s (two relays on PostgreSQL); p99 < 25 ms at 2,000/s.");
  } finally {
    smtp.close();
    if (process.env.BENCH_KEEP) console.log(`Logs kept in ${dir}.`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
