/**
 * Field mode end to end: the demo (`npm start`'s own code) seeds its call
 * list and hands out a volunteer link; Chromium on a 360×740 phone screen
 * opens it, takes a slice, reveals one person, records the result while
 * offline, comes back online, and the admin sees it. The page keeps nothing
 * personal on the device. Then axe checks the page in French and English.
 */
import { createRequire } from 'node:module';
import type { RunningDemo } from '@tract/relay/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { type DemoInChromium, ensureBuilt, startDemoInChromium } from './support/demo-in-chromium.js';

const PHONE = { width: 360, height: 740 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let running: DemoInChromium;
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  ensureBuilt('packages/sdk', 'dist/index.js');
  ensureBuilt('packages/console', 'dist/apps.json');
  running = await startDemoInChromium('field');
  ({ demo, browser } = running);
});

afterAll(async () => {
  await running?.close();
});

async function phone(
  locale: string,
  options: { bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ locale, viewport: PHONE, isMobile: true, hasTouch: true, ...options });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Trusted Type/i.test(message.text())) violations.push(message.text());
  });
  return { context, page, violations };
}

/** A new single-use invitation for the demo list, as the admin API makes one. */
async function invitationUrl(name: string): Promise<string> {
  const lists = await (
    await fetch(`${demo.pageUrl}v1/admin/field/lists`, { headers: { authorization: `Bearer ${demo.adminToken}` } })
  ).json();
  const response = await fetch(`${demo.pageUrl}v1/admin/field/lists/${lists.lists[0].id}/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return new URL((await response.json()).path, demo.pageUrl).href;
}

/** Everything the page keeps on the device: web storage and every IndexedDB record, as text. */
function deviceStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const records: unknown[] = [{ ...localStorage }, { ...sessionStorage }];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        records.push(
          await new Promise((resolve) => {
            const all = db.transaction(store).objectStore(store).getAll();
            all.onsuccess = () => resolve(all.result);
          }),
        );
      }
      db.close();
    }
    return JSON.stringify(records);
  });
}

describe('the volunteer page on a phone', () => {
  it('invitation, slice, reveal, outcome recorded offline, sent once back online, seen by the admin', async () => {
    const { context, page, violations } = await phone('fr-FR');
    await page.goto(demo.volunteerUrl ?? assert.fail('the demo prints no volunteer link'));
    const take = page.getByRole('button', { name: /Prendre mes 10 prochaines personnes/ });
    await take.waitFor();
    // The invitation left the address bar: it is spent.
    expect(page.url()).not.toContain('invitation');
    await take.click();
    const person = page.getByRole('heading', { level: 2 });
    await person.waitFor();
    const givenName = await person.textContent();
    await page.getByRole('button', { name: /Afficher le numéro et appeler/ }).click();
    const call = page.getByRole('link', { name: /Appeler le \+3319900/ });
    await call.waitFor();
    const href = (await call.getAttribute('href')) ?? '';
    expect(href).toMatch(/^tel:\+3319900\d{4}$/);
    const number = href.slice('tel:'.length);
    // One column that fits the screen: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const box = await page.getByRole('button', { name: /Enregistrer/ }).boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);

    await context.setOffline(true);
    await page.getByRole('radio', { name: 'A répondu' }).check();
    await page.getByRole('radio', { name: '4', exact: true }).check();
    await page.getByRole('checkbox', { name: /bénévole/ }).check();
    await page.getByRole('button', { name: /Enregistrer/ }).click();
    await page
      .getByText(/1 résultat attend le réseau/)
      .first()
      .waitFor();
    const results = () => demo.db.selectFrom('actions').select(['data']).where('kind', '=', 'field_result').execute();
    expect(await results()).toHaveLength(0);
    // The next person is shown, and the revealed number is gone from the page and was never stored.
    // Waited for by the number, not the name: the demo's given names repeat, so the next person may share this one's.
    await page.locator(`a[href="tel:${number}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
    const stored = await deviceStorage(page);
    expect(stored).toContain('answered');
    expect(stored).not.toContain(number);
    expect(stored).not.toContain(number.slice(3));
    expect(stored).not.toContain(givenName ?? '');
    expect(stored).not.toMatch(/@example\.org/);

    await context.setOffline(false);
    await expect.poll(async () => (await results()).length, { timeout: 30_000 }).toBe(1);
    const [result] = await results();
    expect(JSON.parse(result!.data)).toMatchObject({ outcome: 'answered', supportLevel: 4, willVolunteer: true });
    await page.getByText(/gardés pendant que vous étiez hors ligne ont été envoyés/).waitFor();
    expect(await page.getByText(/résultat attend/).count()).toBe(0);

    const lists = await (
      await fetch(`${demo.pageUrl}v1/admin/field/lists`, { headers: { authorization: `Bearer ${demo.adminToken}` } })
    ).json();
    const detail = await (
      await fetch(`${demo.pageUrl}v1/admin/field/lists/${lists.lists[0].id}`, { headers: { authorization: `Bearer ${demo.adminToken}` } })
    ).json();
    expect(detail.progress).toMatchObject({ reached: 1, outcomes: { answered: 1 }, supportLevels: { '4': 1 } });
    expect(detail.volunteers.find((v: { status: string; results: number }) => v.results === 1)).toMatchObject({ revealsTotal: 1 });

    // And in the console: the admin opens the list and reads the outcome in its table.
    const admin = await context.newPage();
    await admin.goto(`${demo.pageUrl}console/`);
    await admin.locator('#token').fill(demo.adminToken);
    await admin.locator('#token').press('Enter');
    await admin.getByRole('link', { name: 'Mode terrain' }).click();
    await admin.getByRole('button', { name: /Ouvrir Démo : appels Lyon 7e/ }).click();
    const outcomes = admin.getByRole('figure').filter({ hasText: 'Résultats' }).getByRole('table');
    await expect
      .poll(async () => (await outcomes.getByRole('row', { name: /A répondu/ }).textContent())?.replace(/\s+/g, ' '))
      .toMatch(/A répondu\s*1/);
    await expect.poll(async () => admin.getByRole('table').last().getByRole('row').count()).toBeGreaterThan(1);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the admin builds a list, invites a volunteer and revokes them from the console', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const admin = await context.newPage();
    await admin.goto(`${demo.pageUrl}console/`);
    await admin.locator('#token').fill(demo.adminToken);
    await admin.locator('#token').press('Enter');
    await admin.getByRole('link', { name: 'Field mode' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('Lyon 1er, second round');
    await admin.getByLabel(/Postal code prefixes/).fill('69001');
    await admin.getByLabel('Script (French)').fill('Bonjour, deuxième tour.');
    await admin.getByLabel('Script (English)').fill('Hello, second round.');
    await admin.getByLabel(/People per slice/).fill('5');
    await admin.getByLabel(/Cool-down/).fill('0');
    await admin.getByRole('button', { name: 'Create the list' }).click();
    // The demo's people in 69001 who gave the phone purpose: one in nine of its sixty.
    await admin.getByText(/List created with \d+ people/).waitFor();
    await admin.getByRole('button', { name: /Open Lyon 1er, second round/ }).click();
    await admin.getByLabel('Volunteer name').fill('Dominique');
    await admin.getByRole('button', { name: 'Create the invitation link' }).click();
    const link = (await admin.locator('code.link').textContent()) ?? '';
    expect(link).toMatch(/\/field\/#invitation=tract_inv_/);
    const accepted = await fetch(`${demo.pageUrl}v1/field/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ invitation: /invitation=([\w-]+)/.exec(link)?.[1] }),
    });
    const { token } = (await accepted.json()) as { token: string };
    const assignment = () => fetch(`${demo.pageUrl}v1/field/assignment`, { headers: { authorization: `Bearer ${token}` } });
    expect((await assignment()).status).toBe(200);
    await admin.getByRole('button', { name: 'Revoke Dominique' }).click();
    await admin
      .getByRole('row', { name: /Dominique/ })
      .getByText('revoked')
      .waitFor();
    expect((await assignment()).status).toBe(401);
    await context.close();
  });

  for (const [locale, take, reveal] of [
    ['fr-FR', /Prendre mes/, /Afficher le numéro/],
    ['en-GB', /Take my next/, /Show the number/],
  ] as const) {
    it(`axe finds no violation in ${locale}, from the first screen to the result form`, async () => {
      // axe is injected as a script: this context alone lets it past the page policy.
      const { context, page } = await phone(locale, { bypassCSP: true });
      await page.goto(await invitationUrl(`Axe ${locale}`));
      await page.getByRole('button', { name: take }).waitFor();
      await page.addScriptTag({ path: AXE });
      const check = async () =>
        page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run(context: Element, options: object): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> };
            }
          ).axe;
          const results = await axe.run(document.documentElement, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
            rules: { 'target-size': { enabled: true } },
          });
          return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
        });
      expect(await check()).toEqual([]);
      await page.getByRole('button', { name: take }).click();
      await page.getByRole('button', { name: reveal }).click();
      await page.locator('a[href^="tel:"]').waitFor();
      expect(await check()).toEqual([]);
      await context.close();
    });
  }
});
