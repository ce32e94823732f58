/**
 * How the built widgets load, in Chromium (run after `npm run build`): the
 * one script tag renders a form without the SDK, the form then fetches the
 * SDK with one language's messages only, and a person who loses the
 * network after that can still submit and have the signup queued. Served
 * under the strict CSP with Trusted Types, as a campaign site may be.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DIST } from './sizes.js';

const STRICT_CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const NOTICE = 'controller="Camille Martin 2027" privacy-url="/confidentialite"';
/** A French page loading the widgets with `script` and showing `form`. */
const page = (script: string, form = `<tract-signup ${NOTICE}></tract-signup>`) => `<!doctype html><html lang="fr"><head>
<meta charset="utf-8"><title>formulaire</title>${script}</head><body>${form}</body></html>`;
const PAGES: Record<string, string> = {
  '/': page('<script src="/tract-widgets.iife.js" defer></script>'),
  '/signup-only': page('<script type="module" src="/signup.js"></script>'),
  '/donate-only': page('<script type="module" src="/donate.js"></script>', `<tract-donate amounts="10,25" ${NOTICE}></tract-donate>`),
};

/** How a person fills and submits one widget, and the action kind it queues. */
interface FormCase {
  tag: string;
  kind: string;
  fillAndSubmit(tab: Page): Promise<void>;
}

const SIGNUP: FormCase = {
  tag: 'tract-signup',
  kind: 'signup',
  async fillAndSubmit(tab) {
    await tab.locator('tract-signup input[name="person.email"]').fill('hors-ligne@example.fr');
    await tab.locator('tract-signup button[type="submit"]').click();
  },
};

const DONATE: FormCase = {
  tag: 'tract-donate',
  kind: 'donation',
  async fillAndSubmit(tab) {
    const form = tab.locator('tract-donate');
    await form.locator('input[name="amountChoice"]').first().check();
    await form.locator('input[value="one_off"]').check();
    await form.locator('input[name="person.givenName"]').fill('Claude');
    await form.locator('input[name="person.familyName"]').fill('Bernard');
    await form.locator('input[name="person.email"]').fill('claude@example.fr');
    await form.locator('input[name="person.postalCode"]').fill('69003');
    // The French profile's receipt (reçu-don) needs the donor's postal address.
    await form.locator('input[name="person.addressLines"]').fill('12 rue Mercière');
    await form.locator('input[name="person.locality"]').fill('Lyon');
    for (const box of await form.locator('input[name="attestation"]').all()) await box.check();
    await form.locator('form button[type="submit"]').click();
    // The review step: nothing is sent before the donor confirms.
    await form.locator('.review button[part="submit"]').click();
  },
};

let server: Server;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (PAGES[path]) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP }).end(PAGES[path]);
    } else if (/^\/[\w.-]+\.js$/.test(path)) {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(DIST, path)));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
    CHROMIUM_ARGS: string[];
    CHROMIUM_PATH: string;
  };
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Opens `path`, checks that the form rendered before any SDK file arrived and
 * that the SDK then loaded (`expected` chunk prefixes) with nothing from `never`,
 * then submits `form` offline and expects its action to be queued.
 */
async function checkLoading(path: string, expected: string[], never: RegExp, form = SIGNUP): Promise<void> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const requested: string[] = [];
  tab.on('request', (request) => requested.push(new URL(request.url()).pathname));
  const errors: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // Which scripts had arrived when the form's submit button first appeared (a string: no helpers in the page).
  await tab.addInitScript(`(() => {
    const check = () => {
      const widget = document.querySelector('${form.tag}');
      if (widget?.shadowRoot?.querySelector('button[type="submit"]')) {
        window.renderedWith = performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`);
  await tab.goto(`${origin}${path}`);
  const renderedWith = (await (await tab.waitForFunction('window.renderedWith')).jsonValue()) as string[];
  expect(renderedWith.filter((file) => /tract-(widgets-sdk|sdk|schema|messages)[-.]/.test(file))).toEqual([]);

  const loaded = (prefix: string) => requested.some((file) => file.startsWith(`/tract-${prefix}-`) || file === `/tract-${prefix}.js`);
  await expect.poll(() => expected.every(loaded), { timeout: 10_000 }).toBe(true);
  // Let the chunks finish arriving before the network goes.
  await tab.waitForLoadState('networkidle');
  expect(requested.filter((file) => never.test(file))).toEqual([]);

  await context.setOffline(true);
  const queued = tab.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('tract-queued', (event) => resolve((event as CustomEvent<{ kind: string }>).detail.kind), { once: true }),
      ),
  );
  await form.fillAndSubmit(tab);
  expect(await queued).toBe(form.kind);
  expect(errors.filter((text) => /Content Security Policy|Trusted ?Type/i.test(text))).toEqual([]);
  await context.close();
}

it('the script tag renders a form from that one file, then loads its SDK module with French messages only, then queues offline', async () => {
  // The classic script's SDK module carries the four widgets' schemas; only the contact schema stays apart.
  await checkLoading('/', ['widgets-sdk', 'messages-fr'], /tract-(sdk|schema-contact|messages-en)-|tract-widgets\.js/);
}, 60_000);

it('signup.js alone loads the signup schema and no other, French messages only, then queues offline', async () => {
  await checkLoading(
    '/signup-only',
    ['sdk', 'schema-signup', 'messages-fr'],
    /tract-(schema-(petition|rsvp|donation|contact)|messages-en)-/,
  );
}, 60_000);

it('donate.js alone loads the donation schema (which takes the compliance profiles from donate.js) and queues a pledge offline', async () => {
  await checkLoading(
    '/donate-only',
    ['sdk', 'schema-donation', 'messages-fr'],
    /tract-(schema-(signup|petition|rsvp|contact)|messages-en)-/,
    DONATE,
  );
}, 60_000);
