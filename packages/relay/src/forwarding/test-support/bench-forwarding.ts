/**
 * Prints how fast the outbox worker forwards: 2,000 stored signups delivered,
 * signed, to a local webhook receiver, with the relay's SQLite settings
 * (WAL, synchronous=FULL). A figure to watch, not a pass/fail test.
 *
 *   node --conditions=tract-source --import tsx packages/relay/src/forwarding/test-support/bench-forwarding.ts
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleAction } from '../../../../sdk/test/fakes/sample-actions.js';
import { startWebhookReceiver } from '../../../../sdk/test/fakes/webhook-receiver.js';
import { HashKey } from '../../db/hash-key.js';
import { openDatabase } from '../../db/open.js';
import { backendFromConfig } from '../backend-from-config.js';
import { OutboxWorker } from '../outbox-worker.js';
import { storeForForwarding } from './outbox.js';

const ACTIONS = 2000;
const SECRET = 'bench-secret-0123456789abcdef';

const dir = mkdtempSync(join(tmpdir(), 'tract-forwarding-bench-'));
const db = await openDatabase(join(dir, 'relay.db'));
const receiver = await startWebhookReceiver({ secret: SECRET });
const hashKey = HashKey.fromBytes(randomBytes(32));
try {
  for (let i = 0; i < ACTIONS; i++)
    await storeForForwarding(db, hashKey, sampleAction('signup', { person: { email: `p${i}@example.org` } }), 'webhook');
  const backend = backendFromConfig({ type: 'webhook', url: receiver.url, secretEnv: 'SECRET' }, { SECRET });
  const worker = new OutboxWorker({ db, backend, backendType: 'webhook', policy: { maxAttempts: 5, rate: undefined }, batchSize: 50 });
  const started = performance.now();
  while ((await worker.runOnce()) > 0);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `outbox → signed webhook: ${receiver.delivered.length} actions in ${seconds.toFixed(2)} s = ${Math.round(receiver.delivered.length / seconds)} deliveries/s (batch 50, duplicates ${receiver.duplicates})`,
  );
} finally {
  await receiver.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
