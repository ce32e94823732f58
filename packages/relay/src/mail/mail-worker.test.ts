/**
 * The mail worker against a real SMTP server: no accepted submission's mail
 * is lost when the server is down, a refusal that will not change is given
 * up (and the address leaves the queue), and a message a dead relay had
 * claimed is sent by the next one once its lease ran out.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Mailbox } from '../demo/mailbox.js';
import { CAMPAIGN, post, SMTP_LOGIN, signupBody, startTestRelay, type TestRelay } from '../test-support/relay.js';
import { type MailEvent, MailWorker } from './mail-worker.js';
import { mailService } from './service.js';
import { transportFromConfig } from './transport.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function relaySendingTo(port: number, password: string): Promise<TestRelay> {
  const relay = await startTestRelay(
    {
      challenge: { enabled: false },
      signups: { doubleOptIn: true },
      publicUrl: 'http://127.0.0.1',
      campaign: CAMPAIGN,
      smtp: {
        host: '127.0.0.1',
        port,
        security: 'none',
        from: 'Lyon en commun <ne-pas-repondre@example.fr>',
        user: SMTP_LOGIN.user,
        passwordEnv: 'PW',
      },
    },
    [mailService({ env: { PW: password }, pollMs: 20, baseDelayMs: 100 })],
  );
  cleanup.push(() => relay.stop());
  return relay;
}

async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('MailWorker', () => {
  it('keeps a message while the SMTP server is down and sends it once it is back, in English for an English reader', async () => {
    const port = await freePort();
    const relay = await relaySendingTo(port, SMTP_LOGIN.password);
    const answer = await post(
      relay,
      '/v1/signups',
      { ...signupBody('patient@example.org'), consent: [] },
      { headers: { 'accept-language': 'en-GB' } },
    );
    expect(answer.status).toBe(202);
    const queued = await until(
      () => relay.db.selectFrom('mail_queue').select(['attempts', 'last_error']).execute(),
      (rows) => rows[0]?.last_error === 'ECONNREFUSED',
    );
    expect(queued).toHaveLength(1);

    const mailbox = await Mailbox.start({ port, login: SMTP_LOGIN });
    cleanup.push(() => mailbox.close());
    const mail = await mailbox.waitFor((m) => m.to.includes('patient@example.org'));
    expect(mail.subject).toBe(`Confirm your signup – ${CAMPAIGN.name}`);
    expect(mail.text).toContain(`Data controller: ${CAMPAIGN.controller}.`);
    expect(mail.text).toContain(`Privacy policy: ${CAMPAIGN.privacyUrl}`);
    await until(
      () => relay.db.selectFrom('mail_queue').select('id').execute(),
      (rows) => rows.length === 0,
    );
    expect(mailbox.messages).toHaveLength(1);
    expect(relay.logs.some((line) => line.includes('"event":"mail_retry"') && line.includes('ECONNREFUSED'))).toBe(true);
  });

  it('gives up a message the server refuses for good, and logs why without the address', async () => {
    const mailbox = await Mailbox.start({ login: SMTP_LOGIN });
    cleanup.push(() => mailbox.close());
    const relay = await relaySendingTo(mailbox.port, 'not-the-password');
    await post(relay, '/v1/signups', signupBody('refused@example.org'));
    await until(
      () => relay.db.selectFrom('mail_queue').select('id').execute(),
      (rows) => rows.length === 0,
    );
    const dead = relay.logs.find((line) => line.includes('"event":"mail_dead"'));
    expect(dead).toContain('"reason":"smtp_535"');
    expect(relay.logs.join('\n')).not.toContain('refused@example.org');
    expect(mailbox.messages).toHaveLength(0);
  });

  it('sends a message whose sender died mid-send once its lease has run out, and only then', async () => {
    const mailbox = await Mailbox.start({ login: SMTP_LOGIN });
    cleanup.push(() => mailbox.close());
    // No mail service runs here: workers are driven by hand, with their own clocks.
    const relay = await startTestRelay({
      challenge: { enabled: false },
      signups: { doubleOptIn: true },
      publicUrl: 'http://127.0.0.1',
      campaign: CAMPAIGN,
      smtp: mailbox.smtpConfig('Lyon en commun <ne-pas-repondre@example.fr>', 'PW'),
    });
    cleanup.push(() => relay.stop());
    await post(relay, '/v1/signups', signupBody('leased@example.org'));
    const events: MailEvent[] = [];
    const worker = (at: number) =>
      new MailWorker({
        db: relay.db,
        config: relay.config,
        hashKey: relay.hashKey,
        transport: transportFromConfig(mailbox.smtpConfig('Lyon en commun <ne-pas-repondre@example.fr>', 'PW'), {
          PW: SMTP_LOGIN.password,
        }),
        leaseMs: 60_000,
        onEvent: (event) => events.push(event),
        now: () => new Date(Date.now() + at),
      });
    // The first worker claimed the message and died before sending it: the row holds its lease.
    const [row] = await relay.db.selectFrom('mail_queue').selectAll().execute();
    await relay.db
      .updateTable('mail_queue')
      .set({ attempts: 1, next_attempt_at: new Date(Date.now() + 60_000).toISOString() })
      .where('id', '=', row!.id)
      .execute();
    expect(await worker(0).runOnce()).toBe(0);
    expect(await worker(61_000).runOnce()).toBe(1);
    expect(events.map((event) => event.outcome)).toEqual(['sent']);
    expect(mailbox.to('leased@example.org')).toHaveLength(1);
  });
});
