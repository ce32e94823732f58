/**
 * The outbox worker as a relay service: started beside the HTTP server when
 * the configured backend forwards (anything but `local`), stopped before the
 * database closes. Its log lines carry ids, outcomes and error codes only.
 */
import type { RelayService } from '../server.js';
import { backendFromConfig, deliveryPolicyFromConfig } from './backend-from-config.js';
import { type OutboxEvent, OutboxWorker } from './outbox-worker.js';

export interface ForwardingServiceOptions {
  /** Where secrets are read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Idle wait between outbox rounds, in milliseconds (default 1000). */
  pollMs?: number;
  /** Backoff of the first retry, in milliseconds (default 1000). */
  baseDelayMs?: number;
  /** How long a claimed delivery may take before another worker reclaims it, in milliseconds (default 2 min). */
  leaseMs?: number;
  /** Also receives every delivery outcome (tests, metrics). */
  onEvent?: (event: OutboxEvent) => void;
}

/** The service that forwards stored actions to the configured CRM backend. */
export function forwardingService(options: ForwardingServiceOptions = {}): RelayService {
  let worker: OutboxWorker | undefined;
  return {
    name: 'outbox',
    start({ db, config, log }) {
      if (config.backend.type === 'local') return;
      worker = new OutboxWorker({
        db,
        backend: backendFromConfig(config.backend, options.env),
        backendType: config.backend.type,
        policy: deliveryPolicyFromConfig(config.backend),
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
        ...(options.baseDelayMs === undefined ? {} : { baseDelayMs: options.baseDelayMs }),
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        onEvent: (event) => {
          log(JSON.stringify({ time: new Date().toISOString(), event: `outbox_${event.outcome}`, ...event }));
          options.onEvent?.(event);
        },
        onError: (error) => {
          // Database and bookkeeping errors name no person; a CRM's text never reaches here.
          log(
            JSON.stringify({
              time: new Date().toISOString(),
              event: 'outbox_error',
              error: error instanceof Error ? error.message : String(error),
            }),
          );
        },
      });
      worker.start();
    },
    async stop() {
      await worker?.stop();
      worker = undefined;
    },
  };
}
