/**
 * Exactly once across a crash: the relay process is killed (SIGKILL) after
 * receiving a verified Stripe event, either before or after committing it,
 * and before answering. Stripe sees no answer and retries the same event to
 * the restarted relay: the pledge ends paid with one payment, one event
 * record, whichever side of the commit the crash fell.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, stripeDonations } from '../src/test-support/payments.js';
import { donationBody, ORIGIN } from '../src/test-support/relay.js';
import { StripeStandIn } from '../src/test-support/stripe-stand-in.js';

const packageDir = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tract-payment-crash-'));
const dbPath = join(dir, 'relay.db');
const configPath = join(dir, 'tract.config.json');
let stripe: StripeStandIn;
let child: ChildProcess | undefined;

beforeAll(async () => {
  stripe = await StripeStandIn.start({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET, autoDeliver: false });
  writeFileSync(
    configPath,
    JSON.stringify({
      origins: [ORIGIN],
      signups: { doubleOptIn: false },
      donations: stripeDonations(stripe),
      challenge: { enabled: false },
      accessLog: false,
    }),
  );
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await stripe.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the relay CLI in a child process (crashing at `crashAt`, if given) and resolves with its URL. */
function startChild(port: number, crashAt?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(
      process.execPath,
      ['--conditions=tract-source', '--import', 'tsx', 'src/main.ts', '--config', configPath, '--db', dbPath, '--port', String(port)],
      {
        cwd: packageDir,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          STRIPE_SECRET_KEY,
          STRIPE_WEBHOOK_SECRET,
          TRACT_TEST_CRASH_AT: crashAt ?? '',
        },
      },
    );
    child.once('exit', (code) => reject(new Error(`relay exited early (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { event: string; url?: string };
      if (event.event === 'listening' && event.url) resolve(event.url);
    });
  });
}

function exited(process: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => process.once('exit', (_code, signal) => resolve(signal)));
}

function read<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

describe.each(['webhook-received', 'webhook-committed'])('the relay killed at %s, before answering', (crashAt) => {
  it('processes the retried event exactly once', async () => {
    let url = await startChild(0, crashAt);
    const port = Number(new URL(url).port);
    const key = randomUUID();
    const response = await fetch(`${url}/v1/donations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ ...donationBody(4200, `crash-${crashAt}@example.fr`), source: { pageUrl: `${ORIGIN}/donner` } }),
    });
    expect(response.status).toBe(202);
    const { checkoutUrl } = await response.json();
    const sessionId = new URL(checkoutUrl).pathname.split('/').pop()!;
    stripe.webhookUrl = `${url}/v1/payments/stripe/webhook`;
    const [completed] = await stripe.complete(sessionId);

    const running = child!;
    running.removeAllListeners('exit');
    const death = exited(running);
    // The connection drops without an answer: Stripe will retry.
    expect(await stripe.deliver(completed!)).toBe(0);
    expect(await death).toBe('SIGKILL');
    const between = read<{ n: number }>('select count(*) as n from payment_events where id = ?', `stripe:${completed!.id}`);
    expect(between.n).toBe(crashAt === 'webhook-committed' ? 1 : 0);

    url = await startChild(port);
    expect(await stripe.deliver(completed!)).toBe(200);
    expect(await stripe.deliver(completed!)).toBe(200);
    child!.removeAllListeners('exit');
    const stopped = exited(child!);
    child!.kill('SIGTERM');
    await stopped;

    expect(read<{ status: string }>('select status from pledges where id = ?', key).status).toBe('paid');
    expect(read<{ n: number }>('select count(*) as n from pledge_payments where pledge_id = ?', key).n).toBe(1);
    expect(read<{ n: number }>('select count(*) as n from payment_events where pledge_id = ?', key).n).toBe(1);
  });
});
