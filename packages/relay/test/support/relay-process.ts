/**
 * A relay process for the multi-instance tests: the real CLI (`main`), with
 * its outbox worker polling every 20 ms and a 3-second lease, so a test sees
 * a killed relay's claims expire and move to the survivors in seconds, not
 * the default two minutes.
 */
import { main } from '../../src/cli.js';
import { forwardingService } from '../../src/forwarding/service.js';

main(process.argv.slice(2), [forwardingService({ pollMs: 20, baseDelayMs: 50, leaseMs: 3000 })]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
