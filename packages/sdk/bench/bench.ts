/**
 * `npm run bench -w packages/sdk`: what validation and delivery cost, printed,
 * never asserted. Validation runs on every keystroke-level check in the
 * widgets and on every request at the relay; delivery is measured against a
 * real HTTP server on 127.0.0.1, so it is the client's overhead plus loopback.
 */
import { performance } from 'node:perf_hooks';
import { createClient, relay } from '../src/index.js';
import { validateAction } from '../src/schema/validate.js';
import { contactInput, donationInput, signupInput } from '../test/fixtures.js';
import { startScriptedRelay } from '../test/scripted-relay.js';
import { printSizeFloor } from './size-floor.js';

function measure(label: string, iterations: number, run: () => unknown): void {
  for (let i = 0; i < Math.min(1000, iterations); i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  const elapsed = performance.now() - started;
  console.log(
    `${label}: ${Math.round((iterations / elapsed) * 1000).toLocaleString('en')} ops/s (${((elapsed / iterations) * 1000).toFixed(1)} µs each)`,
  );
}

measure('validateAction(signup), valid', 20_000, () => validateAction('signup', signupInput()));
measure('validateAction(donation), valid', 20_000, () => validateAction('donation', donationInput()));
measure('validateAction(contact), valid', 20_000, () => validateAction('contact', contactInput()));
measure('validateAction(signup), 3 invalid fields, fr', 20_000, () =>
  validateAction('signup', { person: { email: 'nope', givenName: '<b>' }, consent: [{ purpose: 'email', granted: false }] }, 'fr'),
);

const server = await startScriptedRelay();
const client = createClient({ backend: relay({ url: server.url }), queue: false });
const submissions = 500;
const started = performance.now();
for (let i = 0; i < submissions; i++) await client.signup(signupInput(`person${i}@example.org`));
const elapsed = performance.now() - started;
console.log(
  `client.signup() to a local HTTP server, sequential: ${(elapsed / submissions).toFixed(2)} ms each (${submissions} submissions)`,
);
await client.close();
await server.close();

await printSizeFloor();
