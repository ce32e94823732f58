/**
 * What the end-to-end suites share: the demo (`npm start`'s own code) on a
 * free port with its database in a temporary folder, the builds it serves,
 * and Chromium with the machine's flags. Each suite starts its own, so one
 * suite's data never shows in another's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoOptions, type RunningDemo, startDemo } from '@tract/relay/demo';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** The relay drops (silently) what is submitted faster than a person could: wait as a person would. */
export const HUMAN_FILL_MS = 1700;

/** A port nobody listens on now: the demo's addresses (checkout return, mailbox) are known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Builds a workspace whose `output` is missing (a test run right after `npm ci`), or says how to see why it failed. */
export function ensureBuilt(workspace: string, output: string): void {
  if (existsSync(join(ROOT, workspace, output))) return;
  const build = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`The ${workspace} build failed: run \`npm run build -w ${workspace}\` to see why.`);
}

export interface DemoInChromium {
  demo: RunningDemo;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the demo (options as `startDemo`'s, its folder a fresh temporary one) and Chromium beside it. */
export async function startDemoInChromium(
  name: string,
  options: Omit<DemoOptions, 'root' | 'port' | 'dataDir'> = {},
): Promise<DemoInChromium> {
  const dataDir = mkdtempSync(join(tmpdir(), `tract-${name}-e2e-`));
  const demo = await startDemo({ root: ROOT, port: await freePort(), dataDir, log: () => undefined, ...options });
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../scripts/chromium.mjs', import.meta.url).href)) as {
    CHROMIUM_ARGS: string[];
    CHROMIUM_PATH: string;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
