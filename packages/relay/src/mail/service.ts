/**
 * The mail worker as a relay service: started beside the HTTP server when
 * `smtp` is configured, stopped before the database closes. Its log lines
 * carry message ids and outcomes, never an address.
 */
import type { RelayService } from '../server.js';
import { type MailEvent, MailWorker } from './mail-worker.js';
import { transportFromConfig } from './transport.js';

export interface MailServiceOptions {
  /** Where the SMTP password is read (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Idle wait between rounds, in milliseconds (default 1000). */
  pollMs?: number;
  /** Backoff of the first retry, in milliseconds (default 5000). */
  baseDelayMs?: number;
  /** Also receives every outcome (tests, the demo's terminal). */
  onEvent?: (event: MailEvent) => void;
}

/** The service that sends the confirmation messages queued by the relay. */
export function mailService(options: MailServiceOptions = {}): RelayService {
  let worker: MailWorker | undefined;
  return {
    name: 'mail',
    start({ db, config, log, hashKey }) {
      if (!config.smtp) return;
      const transport = transportFromConfig(config.smtp, options.env ?? process.env);
      worker = new MailWorker({
        db,
        config,
        hashKey,
        transport,
        ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
        ...(options.baseDelayMs === undefined ? {} : { baseDelayMs: options.baseDelayMs }),
        onEvent: (event) => {
          log(JSON.stringify({ time: new Date().toISOString(), event: `mail_${event.outcome}`, ...event }));
          options.onEvent?.(event);
        },
        onError: (error) => {
          log(
            JSON.stringify({
              time: new Date().toISOString(),
              event: 'mail_error',
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
