/**
 * `npm run bench -w packages/relay`: the relay's throughput and latency on
 * loopback, beside a bare Hono handler (the ceiling). Each server runs in its
 * own process; autocannon runs here. Figures are printed, never asserted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const packageDir = new URL('..', import.meta.url).pathname;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const FIXED_RATE = 2000;
/**
 * Many browsers posting at once: a group commit answers everyone waiting when
 * it lands, so the maximum rate grows with the number of concurrent clients.
 */
const MAX_RATE_CONNECTIONS = 512;
const ORIGIN = 'https://bench.example.fr';
const TEXT_HASH = `sha256:${'a'.repeat(64)}`;

/**
 * Starts a server process whose stdout (the access log) goes to a file: a pipe
 * drained by this busy process would block the server's synchronous writes.
 */
async function startServer(args: string[], logPath: string): Promise<{ url: string; child: ChildProcess }> {
  const logFd = openSync(logPath, 'w');
  const child = spawn(process.execPath, ['--conditions=tract-source', '--import', 'tsx', ...args], {
    cwd: packageDir,
    stdio: ['ignore', logFd, 'inherit'],
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

async function load(url: string, options: { connections: number; overallRate?: number }) {
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
  return {
    accepted: result['2xx'],
    other: result.non2xx + result.errors + result.timeouts,
    perSecond: Math.round(result['2xx'] / DURATION_S),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tract-bench-'));
  const configPath = join(dir, 'tract.config.json');
  const dbPath = join(dir, 'relay.db');
  writeFileSync(
    configPath,
    JSON.stringify({
      origins: [ORIGIN],
      challenge: { enabled: false },
      rateLimits: { perIp: 100_000_000, perForm: 100_000_000, windowSeconds: 60 },
      accessLog: true,
    }),
  );
  console.log(`Relay benchmark: ${DURATION_S} s per run, loopback, autocannon in this process, each server in its own.`);
  // Other work on the machine moves every figure; the ceiling run beside it shows by how much.
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at start.`);
  console.log('Proof of work is off: it costs the client (the browser solving it), not the relay; verifying it is one HMAC.');
  console.log('Everything else is on: CORS, rate limits, strict JSON, validation, idempotency, consent log, access log,');
  console.log('and the 202 is sent after the group commit reached the disk (WAL, synchronous=FULL).\n');
  try {
    const bare = await startServer(['bench/bare-hono.ts'], join(dir, 'bare.log'));
    const bareMax = await load(bare.url, { connections: MAX_RATE_CONNECTIONS });
    const bareFixed = await load(bare.url, { connections: 50, overallRate: FIXED_RATE });
    await stopServer(bare.child);

    const relay = await startServer(['src/main.ts', '--config', configPath, '--db', dbPath, '--port', '0'], join(dir, 'relay.log'));
    const relayMax = await load(relay.url, { connections: MAX_RATE_CONNECTIONS });
    const relayFixed = await load(relay.url, { connections: 50, overallRate: FIXED_RATE });
    await stopServer(relay.child);

    const db = new Database(dbPath, { readonly: true });
    const stored = (db.prepare('select count(*) as n from actions').get() as { n: number }).n;
    db.close();

    const row = (name: string, max: Awaited<ReturnType<typeof load>>, fixed: Awaited<ReturnType<typeof load>>) =>
      `${name.padEnd(28)}${String(max.perSecond).padStart(10)}/s   ${String(fixed.p50).padStart(4)} ms   ${String(fixed.p99).padStart(4)} ms   ${String(max.other + fixed.other).padStart(6)}`;
    console.log(`Max rate: ${MAX_RATE_CONNECTIONS} concurrent connections. Fixed rate: ${FIXED_RATE} requests/s over 50 connections.\n`);
    console.log(`${''.padEnd(28)}${'max rate'.padStart(12)}   p50 @${FIXED_RATE}/s   p99 @${FIXED_RATE}/s   non-2xx`);
    console.log(row('bare Hono handler (ceiling)', bareMax, bareFixed));
    console.log(row('relay, durable submissions', relayMax, relayFixed));
    console.log(`\nRows in the relay's database after both runs: ${stored} (acknowledged: ${relayMax.accepted + relayFixed.accepted}).`);
    console.log(
      `Relay / ceiling: ${Math.round((100 * relayMax.perSecond) / bareMax.perSecond)} %. Load average at the end: ${loadavg()[0]!.toFixed(1)}.`,
    );
    console.log('Targets (issue 3): >= 5,000 durable submissions/s; p99 < 25 ms at 2,000/s.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
