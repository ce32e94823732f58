/**
 * The mail worker: sends the confirmation messages the relay queued in the
 * same transaction as the actions they are about, retrying what may pass
 * (network, SMTP 4xx) with capped exponential backoff and full jitter, and
 * deleting each message once sent or given up, since a queued message holds an
 * address and a token in clear.
 *
 * Whether a message goes at all is decided here, never in the public answer:
 * nothing goes to a suppressed address, nor beyond `maxMailsPerDay` to one
 * address, and a details message goes only when the submitted details differ
 * from the record. Claiming is a compare-and-set on `next_attempt_at`, which
 * becomes the end of a lease, as in the outbox: a message a killed relay was
 * sending is simply due again once the lease runs out (sent twice at worst,
 * never lost).
 */

import { backoffDelay } from '@tract/sdk';
import type { Person } from '@tract/sdk/schema';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { RelayConfig } from '../config/schema.js';
import { confirmUrl, unsubscribeUrl } from '../confirmation/links.js';
import { changedColumns, type PersonColumns } from '../confirmation/person-fields.js';
import { subjectOf } from '../confirmation/subject.js';
import { skipLocked } from '../db/dialect.js';
import type { HashKey } from '../db/hash-key.js';
import type { Database, MailQueueRow } from '../db/schema.js';
import { isSuppressed } from '../db/suppression.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import type { Locale } from '../http/messages.js';
import { composeCapNotice, PLEDGE_NOTICE_PREFIX } from '../payments/cap-notice.js';
import { composeConfirmation } from './compose.js';

const DAY_MS = 86_400_000;

export interface MailWorkerOptions {
  db: Kysely<Database>;
  /** The relay's configuration with `smtp`, `campaign` and `publicUrl` set. */
  config: RelayConfig;
  hashKey: HashKey;
  transport: Transporter;
  /** Backoff of the first retry, doubling each time (default 5 s). */
  baseDelayMs?: number;
  /** Longest backoff (default 30 min). */
  maxDelayMs?: number;
  /** Tries before a message is given up (default 8: about two hours of retries). */
  maxAttempts?: number;
  /** How long a claimed message may take to send before it is due again (default 2 min). */
  leaseMs?: number;
  /** Messages claimed per round (default 10). */
  batchSize?: number;
  /** Idle wait between rounds when nothing was due (default 1 s). */
  pollMs?: number;
  now?: () => Date;
  random?: () => number;
  /** One event per message handled; events carry ids and codes, never an address. */
  onEvent?: (event: MailEvent) => void;
  /** A round that failed as a whole (the database was unreachable); the loop carries on. */
  onError?: (error: unknown) => void;
}

/** What happened to one queued message. */
export interface MailEvent {
  mailId: string;
  outcome: 'sent' | 'retry' | 'dead' | 'dropped';
  attempts: number;
  /** Why a message was dropped (`suppressed`, `throttled`, `unchanged`, `erased`, `confirmed`) or failed (an SMTP or error code). */
  reason?: string;
}

/**
 * Why sending failed, as stored and logged: an SMTP status or an error code,
 * never the server's text. nodemailer files every network failure under
 * `ESOCKET` and keeps the system's code (`ECONNREFUSED`...) as `originalCode`.
 */
function describeFailure(error: unknown): string {
  const { responseCode, code, originalCode } = error as { responseCode?: number; code?: string; originalCode?: string };
  if (typeof responseCode === 'number') return `smtp_${responseCode}`;
  if (typeof originalCode === 'string') return originalCode;
  return typeof code === 'string' ? code : 'unexpected_error';
}

/** An SMTP 5xx answer will not change on a retry (unknown mailbox, refused sender). */
function isPermanent(error: unknown): boolean {
  const { responseCode } = error as { responseCode?: number };
  return typeof responseCode === 'number' && responseCode >= 500;
}

export class MailWorker {
  private readonly options: Required<Omit<MailWorkerOptions, 'onEvent' | 'onError'>> & Pick<MailWorkerOptions, 'onEvent' | 'onError'>;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(options: MailWorkerOptions) {
    this.options = {
      baseDelayMs: 5000,
      maxDelayMs: 1_800_000,
      maxAttempts: 8,
      leaseMs: 120_000,
      batchSize: 10,
      pollMs: 1000,
      now: () => new Date(),
      random: Math.random,
      ...options,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Stops after the message being sent; the rest stays queued for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      const handled = await this.runOnce().catch((error: unknown) => {
        this.options.onError?.(error);
        return 0;
      });
      if (handled === 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    }
  }

  /** Claims the messages due now and handles each. Resolves with how many it handled. */
  async runOnce(): Promise<number> {
    const claimed = await this.claimDue();
    // One at a time: a campaign's confirmation mail is a trickle, and an SMTP server throttles bursts.
    for (const [index, row] of claimed.entries()) {
      if (!this.running && this.loop) {
        await this.release(claimed.slice(index));
        break;
      }
      this.options.onEvent?.(await this.handle(row));
    }
    return claimed.length;
  }

  private async claimDue(): Promise<MailQueueRow[]> {
    const { db, batchSize, leaseMs } = this.options;
    const now = this.options.now();
    const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
    const claimed: MailQueueRow[] = [];
    // On PostgreSQL, messages another relay's worker is claiming are skipped, not waited for.
    await db.transaction().execute(async (trx) => {
      const due = await skipLocked(
        trx,
        trx
          .selectFrom('mail_queue')
          .selectAll()
          .where('next_attempt_at', '<=', now.toISOString())
          .where('expires_at', '>', now.toISOString())
          .orderBy('next_attempt_at')
          .limit(batchSize),
      ).execute();
      for (const row of due) {
        const result = await trx
          .updateTable('mail_queue')
          .set({ attempts: row.attempts + 1, next_attempt_at: leaseEnd })
          .where('id', '=', row.id)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) claimed.push({ ...row, attempts: row.attempts + 1, next_attempt_at: leaseEnd });
      }
    });
    return claimed;
  }

  /** Hands claimed messages back when stopping, so the next start sends them without waiting out the lease. */
  private async release(rows: MailQueueRow[]): Promise<void> {
    for (const row of rows) {
      await this.options.db
        .updateTable('mail_queue')
        .set({ attempts: row.attempts - 1, next_attempt_at: this.options.now().toISOString() })
        .where('id', '=', row.id)
        .where('attempts', '=', row.attempts)
        .execute();
    }
  }

  private async handle(row: MailQueueRow): Promise<MailEvent> {
    const event = (outcome: MailEvent['outcome'], reason?: string): MailEvent => ({
      mailId: row.id,
      outcome,
      attempts: row.attempts,
      ...(reason ? { reason } : {}),
    });
    let message: Awaited<ReturnType<MailWorker['prepare']>>;
    try {
      message = await this.prepare(row);
    } catch (error) {
      return this.failed(row, error, event);
    }
    if (typeof message === 'string') {
      // Together: on PostgreSQL another connection could otherwise see the message gone and its link still there.
      await this.options.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('mail_queue').where('id', '=', row.id).execute();
        if (message === 'unchanged') await trx.deleteFrom('confirmations').where('id', '=', row.confirmation_id).execute();
      });
      return event('dropped', message);
    }
    try {
      await this.options.transport.sendMail(message);
    } catch (error) {
      return this.failed(row, error, event);
    }
    const now = this.options.now();
    await this.options.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('mail_queue').where('id', '=', row.id).executeTakeFirst();
      // An erasure while this message was on its way took the row, and the log of it must not come back.
      if (Number(deleted.numDeletedRows) === 0) return;
      await trx
        .insertInto('mail_log')
        .values({
          id: timeOrderedId(now.getTime()),
          recipient_hash: row.recipient_hash,
          sent_at: now.toISOString(),
          expires_at: new Date(now.getTime() + DAY_MS).toISOString(),
        })
        .execute();
    });
    return event('sent');
  }

  private async failed(row: MailQueueRow, error: unknown, event: (outcome: MailEvent['outcome'], reason?: string) => MailEvent) {
    const reason = describeFailure(error);
    if (isPermanent(error) || row.attempts >= this.options.maxAttempts) {
      await this.options.db.deleteFrom('mail_queue').where('id', '=', row.id).execute();
      return event('dead', reason);
    }
    const delay = backoffDelay(row.attempts, this.options, undefined, this.options.random);
    await this.options.db
      .updateTable('mail_queue')
      .set({ last_error: reason, next_attempt_at: new Date(this.options.now().getTime() + delay).toISOString() })
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .execute();
    return event('retry', reason);
  }

  /** Why no message may go to `row`'s address now: suppressed, or past its daily allowance; undefined when one may. */
  private async heldBack(row: MailQueueRow): Promise<'suppressed' | 'throttled' | undefined> {
    const { db, config } = this.options;
    if (await isSuppressed(db, row.recipient_hash)) return 'suppressed';
    const since = new Date(this.options.now().getTime() - DAY_MS).toISOString();
    const sent = await db
      .selectFrom('mail_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('recipient_hash', '=', row.recipient_hash)
      .where('sent_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(sent.n) >= config.confirmation.maxMailsPerDay ? 'throttled' : undefined;
  }

  /** The message to send for `row`, or why it must not go. */
  private async prepare(row: MailQueueRow) {
    const { db, config, hashKey } = this.options;
    if (row.confirmation_id.startsWith(PLEDGE_NOTICE_PREFIX)) return this.prepareCapNotice(row);
    const confirmation = await db.selectFrom('confirmations').selectAll().where('id', '=', row.confirmation_id).executeTakeFirst();
    if (!confirmation) return 'erased';
    if (confirmation.confirmed_at !== null) return 'confirmed';
    const held = await this.heldBack(row);
    if (held) return held;
    const action = await db
      .selectFrom('actions')
      .select(['kind', 'target_id', 'data'])
      .where('id', '=', confirmation.action_id)
      .executeTakeFirst();
    if (!action) return 'erased';

    // What confirming would change in the record: the whole point of a details message, and worth saying in any other.
    const record = await db.selectFrom('people').selectAll().where('email_hash', '=', confirmation.email_hash).executeTakeFirst();
    const person = (JSON.parse(action.data) as { person?: Person }).person;
    const fields: (keyof PersonColumns)[] = record && person ? changedColumns(record, person) : [];
    if (confirmation.purpose === 'details' && fields.length === 0) return 'unchanged';
    const locale = row.locale as Locale;
    const publicUrl = config.publicUrl!;
    return composeConfirmation(
      {
        from: config.smtp!.from,
        campaign: config.campaign!,
        linkHours: config.confirmation.linkHours,
        unconfirmedDays: config.retention.unconfirmedDays,
      },
      {
        to: row.recipient,
        locale,
        subject: subjectOf(config, confirmation.purpose, action.kind, action.target_id),
        fields,
        confirmUrl: confirmUrl(publicUrl, row.token, locale),
        unsubscribeUrl: unsubscribeUrl(publicUrl, hashKey, row.recipient_hash, locale),
      },
    );
  }

  /** A pledge's over-cap notice (`cap-notice.ts`): dropped like any message for a suppressed or throttled address, or once the flag is gone. */
  private async prepareCapNotice(row: MailQueueRow) {
    const { db, config, hashKey } = this.options;
    const pledge = await db
      .selectFrom('pledges')
      .selectAll()
      .where('id', '=', row.confirmation_id.slice(PLEDGE_NOTICE_PREFIX.length))
      .executeTakeFirst();
    if (!pledge) return 'erased';
    if (pledge.review !== 'over_cap') return 'cleared';
    const held = await this.heldBack(row);
    if (held) return held;
    const locale = row.locale as Locale;
    return composeCapNotice(
      { from: config.smtp!.from, campaign: config.campaign! },
      {
        to: row.recipient,
        locale,
        pledge,
        profile: config.donations!.profile,
        unsubscribeUrl: unsubscribeUrl(config.publicUrl!, hashKey, row.recipient_hash, locale),
      },
    );
  }
}
