/**
 * Runs the example against a real demo relay (the one `npm start` runs: real
 * server on port 0, real SQLite file in a temp dir, real proof of work) and
 * checks the relay stored what the example reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningDemo, startDemo } from '@tract/relay/demo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runExample } from './src/run-example.js';

let demo: RunningDemo;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'tract-sdk-node-example-'));
  demo = await startDemo({ root: new URL('../../', import.meta.url).pathname, port: 0, dataDir, log: () => undefined, seed: false });
});

afterAll(async () => {
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('posts a signup, a petition signature and an RSVP that the relay accepts and stores', async () => {
  const lines: string[] = [];
  const results = await runExample({ relayUrl: demo.url, log: (line) => lines.push(line) });

  for (const result of Object.values(results)) expect(result.status).toBe('sent');
  expect(lines).toHaveLength(3);

  const response = await fetch(`${demo.url}/v1/admin/actions?limit=10`, { headers: { Authorization: `Bearer ${demo.adminToken}` } });
  expect(response.status).toBe(200);
  const stored = JSON.stringify(await response.json());
  for (const result of Object.values(results)) expect(stored).toContain(result.id);

  const petition = (await (await fetch(`${demo.url}/v1/petitions/sauvons-la-riviere`)).json()) as { signatureCount: number };
  expect(petition.signatureCount).toBe(1);
});
