/**
 * `npm run bench -w packages/widgets`: time from navigation start to an
 * interactive form in headless Chromium, for one widget and for all four on a
 * page, beside the same measure on an empty page (the floor) and the bundle
 * sizes. Median of 15 cold loads each (a fresh browser context every time).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DIST, measure } from '../build/sizes.js';

const RUNS = 15;
const NOTICE = 'controller="Bench campaign" privacy-url="/privacy"';
const PAGES: Record<string, { body: string; forms: number; script?: string }> = {
  'empty page (floor)': { body: '', forms: 0 },
  'one widget (signup.js alone)': {
    body: `<tract-signup ${NOTICE}></tract-signup>`,
    forms: 1,
    script: '<script type="module" src="/signup.js"></script>',
  },
  'all four widgets (tract-widgets.iife.js)': {
    body: `<tract-signup ${NOTICE}></tract-signup><tract-petition petition="p" ${NOTICE}></tract-petition>
<tract-donate ${NOTICE}></tract-donate><tract-rsvp event="e" ${NOTICE}></tract-rsvp>`,
    forms: 4,
  },
};

const IIFE = '<script src="/tract-widgets.iife.js" defer></script>';
const page = ({ body, forms, script }: (typeof PAGES)[string]) => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>bench</title>${forms > 0 ? (script ?? IIFE) : ''}</head><body>${body}</body></html>`;

/** Public facts the petition and RSVP widgets ask for, so every form renders as on a real page. */
const FACTS: Record<string, unknown> = {
  '/v1/petitions/p': { id: 'p', title: 'Pétition', description: '', goal: 100, signatureCount: 1, open: true },
  '/v1/events/e': {
    id: 'e',
    title: 'Réunion',
    description: '',
    startsAt: '2027-03-12T18:00:00Z',
    endsAt: null,
    timeZone: 'Europe/Paris',
    place: null,
    capacity: null,
    remaining: null,
    open: true,
  },
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const named = Object.entries(PAGES).findIndex((_, i) => url.pathname === `/page-${i}`);
  if (named >= 0) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(Object.values(PAGES)[named]!));
  } else if (FACTS[url.pathname]) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(FACTS[url.pathname]));
  } else if (/^\/[\w.-]+\.js$/.test(url.pathname)) {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(DIST, url.pathname)));
  } else {
    response.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
  CHROMIUM_ARGS: string[];
  CHROMIUM_PATH: string;
};
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

/** Milliseconds from navigation start to the first frame where every form's submit button is rendered. */
async function timeToInteractive(path: string, forms: number): Promise<number> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  // A string, not a function: the TypeScript loader would wrap a function with helpers the page does not have.
  await tab.addInitScript(`(() => {
    const check = () => {
      const ready = [...document.querySelectorAll('*')].filter((el) => el.shadowRoot?.querySelector('button[type="submit"]')).length;
      if (document.readyState !== 'loading' && ready >= ${forms}) window.readyAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`);
  await tab.goto(`${origin}${path}`);
  const readyAt = await tab.waitForFunction('window.readyAt');
  const ms = (await readyAt.jsonValue()) as number;
  await context.close();
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const results: Record<string, number> = {};
  for (const [i, [name, { forms }]] of Object.entries(PAGES).entries()) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) times.push(await timeToInteractive(`/page-${i}`, forms));
    results[name] = median(times);
  }
  const floor = results['empty page (floor)']!;
  console.log(`\nTime to an interactive form, headless Chromium, median of ${RUNS} cold loads:`);
  console.table(
    Object.fromEntries(
      Object.entries(results).map(([name, ms]) => [name, { 'median ms': ms.toFixed(1), 'over the floor (ms)': (ms - floor).toFixed(1) }]),
    ),
  );
  console.log('Target (issue 4): all four widgets within 20 ms of the floor.');
  console.log('\nBundle sizes (minified + gzip):');
  console.table(Object.fromEntries(Object.entries(measure()).map(([name, bytes]) => [name, `${(bytes / 1024).toFixed(2)} KB`])));
} finally {
  await browser.close();
  server.close();
}
