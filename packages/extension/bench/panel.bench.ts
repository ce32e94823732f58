/**
 * `npm run bench -w packages/extension`: in Chromium with the built extension,
 * the median time from opening the panel on a page to the extracted person
 * shown, and from "save" to the contact sealed in the queue. Printed, never
 * asserted. Build first (`npm run build -w packages/extension`; the root
 * `npm run bench` does).
 *
 * The panel page records both moments with `performance.mark`, so the figures
 * are the panel's own: the first is measured from the panel's navigation start.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const RUNS = 20;
const EXTENSION_DIR = new URL('../.output/chrome-mv3', import.meta.url).pathname;
if (!existsSync(EXTENSION_DIR)) throw new Error(`${EXTENSION_DIR} is missing: run "npm run build -w packages/extension" first.`);

/** A Mastodon profile page as its server renders it (recognised from the page, so it can be served locally). */
const PAGE = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Camille Martin (@camille@toot.example)</title>
<meta property="og:type" content="profile"><meta property="og:title" content="Camille Martin (@camille@toot.example)">
<meta property="og:url" content="https://toot.example/@camille"><meta property="profile:username" content="camille@toot.example">
<link rel="alternate" type="application/activity+json" href="https://toot.example/users/camille"></head><body><h1>Camille Martin</h1></body></html>`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const site = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
const pageUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/@camille`;
const profileDir = mkdtempSync(join(tmpdir(), 'tract-extension-bench-'));
const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
  CHROMIUM_ARGS: string[];
  CHROMIUM_PATH: string;
};
const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: CHROMIUM_PATH,
  args: [
    ...CHROMIUM_ARGS,
    '--enable-unsafe-extension-debugging',
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
  ],
});
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const social = await context.newPage();
  await social.goto(pageUrl);
  // The toolbar click, which grants activeTab on the page.
  const session = await context.browser()!.newBrowserCDPSession();
  const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  await session.send('Extensions.triggerAction', { id: extensionId, targetId: targetInfos.find((t) => t.url === pageUrl)!.targetId });
  const tabId = await worker.evaluate(async (url) => {
    const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } }).chrome;
    return (await tabs.query({})).find((t) => t.url === url)?.id;
  }, pageUrl);

  const panel = await context.newPage();
  const shown: number[] = [];
  const queued: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html?tab=${tabId}`);
    await panel.waitForFunction(() => performance.getEntriesByName('tract:profile-shown').length > 0);
    shown.push(await panel.evaluate(() => performance.getEntriesByName('tract:profile-shown')[0]!.startTime));
    await panel.click('#save');
    await panel.waitForFunction(() => performance.getEntriesByName('tract:save-to-queued').length > 0);
    queued.push(await panel.evaluate(() => performance.getEntriesByName('tract:save-to-queued')[0]!.duration));
  }
  const format = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `panel opened -> profile shown: median ${format(median(shown))} (min ${format(Math.min(...shown))}, max ${format(Math.max(...shown))}, ${RUNS} runs)`,
  );
  console.log(
    `save -> queued (sealed in IndexedDB): median ${format(median(queued))} (min ${format(Math.min(...queued))}, max ${format(Math.max(...queued))}, ${RUNS} runs)`,
  );
} finally {
  await context.close();
  site.close();
  rmSync(profileDir, { recursive: true, force: true });
}
