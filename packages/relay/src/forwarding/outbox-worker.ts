/**
 * The outbox worker: delivers each stored action to the configured CRM
 * backend, at most at the backend's rate, retrying what may pass (network,
 * 408, 429, 5xx) with capped exponential backoff and full jitter (never sooner
 * than a `Retry-After`), and parking the rest as dead letters. Suppressed
 * people are never forwarded.
 *
 * Claiming is a compare-and-set on `(status, next_attempt_at)`, portable SQL
 * that lets several workers share one database (on PostgreSQL, the rows are
 * read `FOR UPDATE SKIP LOCKED`, so concurrent workers split them). A claimed row's
 * `next_attempt_at` becomes the end of its lease, so a `delivering` row left
 * by a crash is simply due again once the lease runs out.
 */

import {
  type Backend,
  backoffDelay,
  type DonationPaymentEvent,
  SlidingWindowLimiter,
  type TractAction,
  TractNetworkError,
  TractRejectedError,
} from '@tract/sdk';
import type { Kysely, Updateable } from 'kysely';
import { personOfRecord } from '../confirmation/person-fields.js';
import { skipLocked } from '../db/dialect.js';
import type { Database, OutboxRow, OutboxTable } from '../db/schema.js';
import { isSuppressed } from '../db/suppression.js';
import { fieldResultContext } from '../field/forward.js';
import { moneyOf } from '../payments/caps.js';
import type { DeliveryPolicy } from './backend-from-config.js';

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  /** Where actions go. */
  backend: Backend;
  /** The `outbox.backend` value this worker serves (the config's `type`). */
  backendType: string;
  policy: DeliveryPolicy;
  /** Backoff of the first retry, doubling each time (default 1 s). */
  baseDelayMs?: number;
  /** Longest backoff (default 1 h). */
  maxDelayMs?: number;
  /** How long a claimed delivery may take before another worker may reclaim it (default 2 min). */
  leaseMs?: number;
  /** Rows claimed per round (default 20). */
  batchSize?: number;
  /** Idle wait between rounds when nothing was due (default 1 s). */
  pollMs?: number;
  /** Current time (tests pass their own). */
  now?: () => Date;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Receives one event per outcome. Events carry ids and codes, never personal data. */
  onEvent?: (event: OutboxEvent) => void;
  /** Receives a round that failed as a whole (the database was unreachable); the loop carries on. */
  onError?: (error: unknown) => void;
}

/** What happened to one delivery. */
export interface OutboxEvent {
  outboxId: string;
  actionId: string;
  outcome: 'delivered' | 'retry' | 'dead' | 'suppressed';
  attempts: number;
  /** Error code (and HTTP status) of a failure. */
  error?: string;
}

/** Why a row was parked, as stored in `last_error` (never personal data). */
function describeFailure(error: unknown): string {
  if (error instanceof TractRejectedError) {
    const fields = error.issues.map((issue) => issue.path).filter(Boolean);
    return [
      `${error.code}`,
      `${error.status}`,
      ...(error.setting ? [`setting=${error.setting}`] : []),
      ...(fields.length ? [`fields=${fields.join(',')}`] : []),
    ].join(' ');
  }
  if (error instanceof TractNetworkError) return `${error.code}${error.status ? ` ${error.status}` : ''}`;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unexpected_error';
}

/** Delivers the outbox. `start()` runs it in the background; `runOnce()` runs one round (tests, CLI). */
export class OutboxWorker {
  private readonly options: Required<Omit<OutboxWorkerOptions, 'onEvent' | 'onError'>> & Pick<OutboxWorkerOptions, 'onEvent' | 'onError'>;
  private readonly limiter: SlidingWindowLimiter | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private stopping = new AbortController();

  constructor(options: OutboxWorkerOptions) {
    this.options = {
      baseDelayMs: 1000,
      maxDelayMs: 3_600_000,
      leaseMs: 120_000,
      batchSize: 20,
      pollMs: 1000,
      now: () => new Date(),
      random: Math.random,
      ...options,
    };
    const rate = options.policy.rate;
    this.limiter = rate ? SlidingWindowLimiter.forServer(rate.limit, rate.windowMs) : undefined;
  }

  /** Starts delivering in the background until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = new AbortController();
    this.loop = this.runLoop();
  }

  /** Asks a started worker to look at the outbox now (after the relay stored an action). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops after the deliveries in flight; rows not yet sent stay due for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort(new Error('outbox worker stopping'));
    this.wake();
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

  /** Claims the rows due now, delivers them, and records every outcome. Resolves with how many it handled. */
  async runOnce(): Promise<number> {
    const claimed = await this.claimDue();
    if (claimed.length === 0) return 0;
    const outcomes = await Promise.all(claimed.map((row) => this.deliver(row)));
    await this.record(outcomes);
    return claimed.length;
  }

  private async claimDue(): Promise<OutboxRow[]> {
    const { db, backendType, batchSize, leaseMs } = this.options;
    const now = this.options.now();
    const leaseEnd = new Date(now.getTime() + leaseMs).toISOString();
    const claimed: OutboxRow[] = [];
    // One transaction for the batch: one commit (one fsync) instead of one per row. On PostgreSQL the
    // rows another relay's worker is claiming are skipped (`FOR UPDATE SKIP LOCKED`), not waited for.
    await db.transaction().execute(async (trx) => {
      const due = await skipLocked(
        trx,
        trx
          .selectFrom('outbox')
          .selectAll()
          .where('backend', '=', backendType)
          .where('status', 'in', ['pending', 'failed', 'delivering'])
          .where('next_attempt_at', '<=', now.toISOString())
          .orderBy('next_attempt_at')
          .limit(batchSize),
      ).execute();
      for (const row of due) {
        const result = await trx
          .updateTable('outbox')
          .set({ status: 'delivering', attempts: row.attempts + 1, next_attempt_at: leaseEnd, updated_at: now.toISOString() })
          .where('id', '=', row.id)
          .where('status', '=', row.status)
          .where('next_attempt_at', '=', row.next_attempt_at)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1)
          claimed.push({ ...row, status: 'delivering', attempts: row.attempts + 1, next_attempt_at: leaseEnd });
      }
    });
    return claimed;
  }

  /** Delivers one claimed row; whatever goes wrong becomes its outcome, so no row is left in flight. */
  private async deliver(row: OutboxRow): Promise<Outcome> {
    try {
      return await this.attempt(row);
    } catch (error) {
      return this.failure(row, error);
    }
  }

  private async attempt(row: OutboxRow): Promise<Outcome> {
    const { db, backend } = this.options;
    const action = await db.selectFrom('actions').selectAll().where('id', '=', row.action_id).executeTakeFirst();
    if (!action) return dead(row, 'action_erased');
    const data = JSON.parse(action.data) as Record<string, unknown>;
    if (action.person_id) {
      const record = await db.selectFrom('people').selectAll().where('id', '=', action.person_id).executeTakeFirst();
      // A "do not call" result is the opt-out itself: the CRM must hear it, so the suppression it added does not stop it.
      const optOut = action.kind === 'field_result' && data.outcome === 'do_not_call';
      if (record && !optOut && (await isSuppressed(db, record.email_hash))) return dead(row, 'suppressed', 'suppressed');
      if (record && data.person) data.person = personOfRecord(record);
      // A field result names its person by slice reference only: the relay attaches who it was, and the list.
      if (record && action.kind === 'field_result') Object.assign(data, await fieldResultContext(db, record, data.ref));
    }
    const envelope = { id: action.id, kind: action.kind, submittedAt: action.created_at, data } as TractAction;
    if (row.event) {
      // A payment of the pledge, as its own event kind: only a backend with a place for it takes it.
      if (!backend.sendPaymentEvent) return dead(row, 'event_unsupported');
      const event = await paymentEventOf(db, row, envelope as TractAction<'donation'>);
      if (!event) return dead(row, 'pledge_erased');
      await this.limiter?.acquire(this.stopping.signal);
      await backend.sendPaymentEvent(event, { idempotencyKey: row.id, signal: this.stopping.signal });
    } else {
      await this.limiter?.acquire(this.stopping.signal);
      await backend.send(envelope, { idempotencyKey: action.id, signal: this.stopping.signal });
    }
    const now = this.options.now().toISOString();
    return {
      row,
      changes: { status: 'delivered', delivered_at: now, last_error: null },
      event: { outboxId: row.id, actionId: row.action_id, outcome: 'delivered', attempts: row.attempts },
    };
  }

  private failure(row: OutboxRow, error: unknown): Outcome {
    const reason = describeFailure(error);
    if (error instanceof TractRejectedError || row.attempts >= this.options.policy.maxAttempts) return dead(row, reason);
    const retryAfterMs = error instanceof TractNetworkError ? error.retryAfterMs : undefined;
    // The backend asked everyone to wait: hold every delivery, not just this one.
    if (retryAfterMs !== undefined) this.limiter?.pauseFor(retryAfterMs);
    const delay = backoffDelay(row.attempts, this.options, retryAfterMs, this.options.random);
    return {
      row,
      changes: { status: 'failed', last_error: reason, next_attempt_at: new Date(this.options.now().getTime() + delay).toISOString() },
      event: { outboxId: row.id, actionId: row.action_id, outcome: 'retry', attempts: row.attempts, error: reason },
    };
  }

  /**
   * Writes a round's outcomes in one transaction (one commit instead of one
   * per row). Each write checks the row is still this claim (same attempt
   * count, still delivering), so a claim that outlived its lease cannot
   * overwrite the newer one.
   */
  private async record(outcomes: Outcome[]): Promise<void> {
    const updatedAt = this.options.now().toISOString();
    await this.options.db.transaction().execute(async (trx) => {
      for (const { row, changes } of outcomes) {
        await trx
          .updateTable('outbox')
          .set({ ...changes, updated_at: updatedAt })
          .where('id', '=', row.id)
          .where('status', '=', 'delivering')
          .where('attempts', '=', row.attempts)
          .execute();
      }
    });
    for (const { event } of outcomes) this.options.onEvent?.(event);
  }
}

/** What happened to one claimed row: the columns to write, and the event to report. */
interface Outcome {
  row: OutboxRow;
  changes: Pick<Updateable<OutboxTable>, 'status' | 'last_error' | 'next_attempt_at' | 'delivered_at'>;
  event: OutboxEvent;
}

/** A dead letter: never retried. */
/** The payment event an outbox row forwards, from its pledge as it stands now; undefined once the pledge is gone. */
async function paymentEventOf(
  db: Kysely<Database>,
  row: OutboxRow,
  donation: TractAction<'donation'>,
): Promise<DonationPaymentEvent | undefined> {
  const pledge = await db.selectFrom('pledges').selectAll().where('id', '=', row.action_id).executeTakeFirst();
  if (!pledge || pledge.provider === 'redirect') return undefined;
  const money = (await moneyOf(db, [pledge.id])).get(pledge.id) ?? { paid: 0, refunded: 0, payments: 0 };
  return {
    id: row.id,
    kind: row.event!,
    occurredAt: row.created_at,
    donationId: pledge.id,
    payment: {
      provider: pledge.provider,
      reference: pledge.payment_ref,
      currency: pledge.currency,
      recurrence: pledge.recurrence,
      paidTotal: money.paid,
      refundedTotal: money.refunded,
    },
    donation,
  };
}

function dead(row: OutboxRow, reason: string, outcome: 'dead' | 'suppressed' = 'dead'): Outcome {
  return {
    row,
    changes: { status: 'dead', last_error: reason },
    event: { outboxId: row.id, actionId: row.action_id, outcome, attempts: row.attempts, error: reason },
  };
}
