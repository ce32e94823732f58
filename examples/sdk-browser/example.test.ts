/**
 * The example page in real Chromium (playwright-core) against a real demo
 * relay: French validation messages, a signup that the relay stores with its
 * consent, and a signup made offline that leaves by itself when the network
 * returns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningDemo, startDemo } from '@tract/relay/demo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExampleServer, startExampleServer } from './serve.js';

const root = new URL('../../', import.meta.url).pathname;
let demo: RunningDemo;
let dataDir: string;
let site: ExampleServer;
let browser: Browser;

/** The one place that knows how to start Chromium here (a plain .mjs module, so typed at the import). */
const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../scripts/chromium.mjs', import.meta.url).href)) as {
  CHROMIUM_ARGS: string[];
  CHROMIUM_PATH: string;
};

beforeAll(async () => {
  if (!existsSync(join(root, 'packages/sdk/dist/tract.browser.js'))) {
    expect(spawnSync('npm', ['run', 'build', '--silent', '-w', 'packages/sdk'], { cwd: root, stdio: 'inherit' }).status).toBe(0);
  }
  dataDir = mkdtempSync(join(tmpdir(), 'tract-sdk-browser-example-'));
  demo = await startDemo({ root, port: 0, dataDir, log: () => undefined, seed: false });
  site = await startExampleServer({ port: 0, relayUrl: demo.url });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function storedSignups(): Promise<{ id: string }[]> {
  const response = await fetch(`${demo.url}/v1/admin/actions?limit=100`, { headers: { Authorization: `Bearer ${demo.adminToken}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { actions?: { id: string }[]; items?: { id: string }[] };
  return body.actions ?? body.items ?? [];
}

/** Waits like a person filling the form would: the relay drops submissions faster than its minimum fill time. */
async function fill(page: Page, email: string): Promise<void> {
  await page.fill('input[name="email"]', email);
  await page.check('input[name="consentEmail"]');
  await page.waitForTimeout(1600);
}

it('validates in French, then delivers a signup the relay stores', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url);

  await page.fill('input[name="email"]', 'pas-une-adresse');
  await page.click('button[type="submit"]');
  await expect.poll(() => page.textContent('[id="error-person.email"]')).toMatch(/adresse/i);

  await fill(page, 'camille@example.fr');
  await page.click('button[type="submit"]');
  await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toMatch(/Merci/);
  expect(await storedSignups()).toHaveLength(1);
  await context.close();
});

it('keeps an offline signup on the device and delivers it when the network returns', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url);
  const before = (await storedSignups()).length;

  await context.setOffline(true);
  await fill(page, 'lea@example.fr');
  await page.click('button[type="submit"]');
  await expect.poll(() => page.textContent('#status')).toMatch(/Pas de réseau/);
  expect(await page.textContent('#pending')).toBe('1');

  await context.setOffline(false);
  await expect.poll(() => page.textContent('#status'), { timeout: 20_000 }).toMatch(/Connexion retrouvée/);
  await expect.poll(() => page.textContent('#pending')).toBe('0');
  expect(await storedSignups()).toHaveLength(before + 1);
  await context.close();
});
