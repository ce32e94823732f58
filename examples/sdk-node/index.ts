/** `npm start -w examples/sdk-node`: posts a signup, a petition signature and an RSVP to RELAY_URL (default: the `npm start` demo). */
import { TractRejectedError, TractValidationError } from '@tract/sdk';
import { runExample } from './src/run-example.js';

const relayUrl = process.env.RELAY_URL ?? 'http://localhost:8787';

try {
  await runExample({ relayUrl, log: (line) => console.log(line) });
} catch (error) {
  if (error instanceof TractValidationError || error instanceof TractRejectedError) {
    console.error(`${error.message}\n${error.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
  } else {
    console.error(`Could not reach the relay at ${relayUrl}: is \`npm start\` running? (${(error as Error).message})`);
  }
  process.exitCode = 1;
}
