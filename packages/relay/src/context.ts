/** What every route of the relay shares: configuration, storage and the per-instance state. */
import type { Kysely } from 'kysely';
import type { IdempotencyGate } from './actions/idempotency.js';
import type { ChallengeSettings } from './bot/challenge.js';
import type { RelayConfig } from './config/schema.js';
import type { BatchedLookup } from './db/batched-lookup.js';
import type { CommitQueue } from './db/commit-queue.js';
import type { HashKey } from './db/hash-key.js';
import type { Database } from './db/schema.js';
import type { LogSink } from './http/access-log.js';
import type { RateCounter } from './http/rate-limit.js';
import type { PaymentProvider } from './payments/provider.js';
import type { PetitionFactsCache } from './routes/facts.js';

export interface RelayContext {
  config: RelayConfig;
  db: Kysely<Database>;
  queue: CommitQueue;
  challenge: ChallengeSettings;
  /** Hits per client address (`rateLimitKey`) and verified submissions per form (`formKey`). */
  limits: { perIp: RateCounter; perForm: RateCounter };
  idempotency: IdempotencyGate;
  /** Challenge signatures being spent by requests not yet committed. */
  spendingChallenges: Set<string>;
  /** Looks up spent challenge signatures, batched across concurrent requests. */
  spentChallenges: BatchedLookup<string>;
  /** The server secret behind every email hash and unsubscribe link (never in the database). */
  hashKey: HashKey;
  /** Where donors pay (`donations.provider`); undefined when donations are off. */
  payments: PaymentProvider | undefined;
  /** Public petition facts, counted at most once a second per petition (`routes/facts.ts`). */
  petitionFacts: PetitionFactsCache;
  log: LogSink;
  now(): Date;
}
