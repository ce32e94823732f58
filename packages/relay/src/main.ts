/** Runs the `tract-relay` CLI (the binary and `node --import tsx src/main.ts` both start here). */
import { run } from './cli.js';

run();
