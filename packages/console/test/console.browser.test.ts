/**
 * The built console in real Chromium (playwright-core) against a real relay:
 * the demo (`npm start`'s own code) with its seeded database, on port 0. It
 * signs in, reads the chart and its table, searches a person, exports CSV,
 * erases with the keyboard alone, retries a delivery, creates a token; runs
 * axe (WCAG 2.0/2.1/2.2 A and AA) on every screen in English and French;
 * checks an organizer sees only its screens; and writes a screenshot of each
 * screen to `screenshots/` (not committed) for a reviewer. Needs the
 * console's build (`npm test` builds first).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningDemo, startDemo } from '@tract/relay/demo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS = ['overview', 'people', 'contacts', 'field', 'gdpr', 'deliveries', 'donations', 'audit', 'tokens'];

let dataDir: string;
let demo: RunningDemo;
let browser: Browser;
let page: Page;
const policyErrors: string[] = [];

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${demo.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, path).toBeLessThan(300);
  return (await response.json()) as T;
}

/** The focused element, through shadow roots: its id, else its text. */
function focused(): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element ? element.id || element.textContent?.trim() || element.tagName : '';
  });
}

/** Presses Tab until the focused element is `target` (its id or text); fails after 60 presses. */
async function tabTo(target: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await focused()) === target) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}; focus is on ${await focused()}`);
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function axe(label: string): Promise<void> {
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return (result.violations as { id: string; nodes: { target: unknown; failureSummary: string }[] }[]).map((v) => ({
      id: v.id,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  });
  expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function open(screen: string): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#/${screen}`);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'tract-console-'));
  demo = await startDemo({ root: ROOT, port: 0, dataDir, log: () => {} });
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
    CHROMIUM_ARGS: string[];
    CHROMIUM_PATH: string;
  };
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy|TrustedHTML|TrustedScript|Trusted Type/i.test(message.text())) policyErrors.push(message.text());
  });
  page.on('pageerror', (error) => policyErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the console in Chromium', () => {
  it('signs in with the keyboard alone', async () => {
    await page.goto(`${demo.url}/console/`);
    await page.locator('#token').waitFor();
    await page.keyboard.press('Tab');
    await tabTo('token');
    await page.keyboard.type('tract_wrong-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sign-in-error').textContent()).toContain('opens nothing');
    await tabTo('token');
    await page.keyboard.type(demo.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tract.console.token'))).toBe(demo.adminToken);
    expect(await page.evaluate(() => localStorage.getItem('tract.console.token'))).toBeNull();
  });

  it('shows the chart, loaded after the first screen, and the same numbers as a table', async () => {
    await page.locator('tract-chart canvas').waitFor();
    await page.getByText('The chart as a table').click();
    const table = page.locator('details table');
    await table.waitFor();
    const overview = await api<{
      chart: { buckets: string[]; byForm: { name: string; counts: number[] }[] };
      totals: Record<string, number>;
    }>('/v1/admin/overview?range=30d&bucket=day');
    expect(await table.locator('tbody tr').count()).toBe(overview.chart.buckets.length);
    const signups = overview.chart.byForm.find((s) => s.name === 'signup')!;
    const column = (await table.locator('thead th').allTextContents()).indexOf('Signups');
    expect(column).toBeGreaterThan(0);
    const cells = await table.locator(`tbody tr td:nth-child(${column + 1})`).allTextContents();
    expect(cells.map((c) => Number(c.replace(/[^\d]/g, '')))).toEqual(signups.counts);
    expect(overview.totals.signup).toBeGreaterThan(500);
    await shot('overview');
  });

  it('finds a person by email prefix with the keyboard, and opens their page', async () => {
    await tabTo('People');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await tabTo('f-q');
    await page.keyboard.type('zoe.exemple.');
    // "Search in": emails (the first option starting with an e), chosen by typing on the focused list.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('f-by');
    await page.keyboard.type('e');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    const rows = page.locator('tract-people tbody tr');
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((row) => row.includes('zoe.exemple.'));
      })
      .toBe(true);
    await shot('people');
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Consent proof' }).waitFor();
    await page
      .locator('tract-person')
      .getByText(/^zoe\.exemple\.\d+@example\.org$/)
      .first()
      .waitFor();
    expect(await page.locator('tract-person ol li').count()).toBeGreaterThan(0);
    await shot('person');
  });

  it('exports the filtered people as CSV, audited with its row count', async () => {
    await open('people');
    await page.locator('#f-source').fill('mastodon');
    await page.getByRole('button', { name: 'Search' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as CSV' }).click();
    const download = await downloading;
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,email,given_name,family_name,/);
    const audit = await api<{ entries: { records: number; detail: { source: string } }[] }>('/v1/admin/audit?event=people.export_csv');
    expect(audit.entries[0]).toMatchObject({ records: lines.length - 1, detail: { source: 'mastodon' } });
    expect(lines.length - 1).toBeGreaterThan(10);
  });

  it('lists the pledges by status and downloads the treasurer’s CSV, audited', async () => {
    await open('donations');
    const listed = await api<{ pledges: { id: string }[] }>('/v1/admin/donations');
    const rows = page.locator('tract-donations tbody tr');
    if (listed.pledges.length === 0) await expect.poll(() => page.locator('tract-donations').getByText('Nothing yet.').count()).toBe(1);
    else await expect.poll(() => rows.count()).toBe(listed.pledges.length);
    await page.getByLabel('Status').selectOption('refunded');
    const refunded = await api<{ pledges: { id: string }[] }>('/v1/admin/donations?status=refunded');
    await expect.poll(() => rows.count()).toBe(refunded.pledges.length);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the treasurer’s CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^tract-donations-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^pledge_id,created_at,status,review,provider,/);
    const audit = await api<{ entries: { target: string }[] }>('/v1/admin/audit?event=donations.export_csv');
    expect(audit.entries[0]).toMatchObject({ target: '/v1/admin/donations/export' });
    await shot('donations');
  });

  it('erases a person with the keyboard alone, after a typed confirmation', async () => {
    const { people } = await api<{ people: { id: string; email: string }[] }>('/v1/admin/people/search', {
      q: 'alix.',
      by: 'email',
      limit: 1,
    });
    const email = people[0]!.email;
    await open(`gdpr?email=${encodeURIComponent(email)}`);
    expect(await page.locator('#gdpr-email').inputValue()).toBe(email);
    await shot('gdpr');
    await tabTo('gdpr-confirm');
    await page.keyboard.type('someone.else@example.org');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tract-gdpr [role=status]').textContent()).toContain('nothing was erased');
    expect((await api<{ people: unknown[] }>('/v1/admin/people/search', { q: email })).people.length).toBe(1);
    await tabTo('gdpr-confirm');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(email);
    await tabTo('Erase');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tract-gdpr [role=status]').textContent()).toMatch(/Erased: 1 record\(s\), \d+ action\(s\)/);
    expect((await api<{ people: unknown[] }>('/v1/admin/people/search', { q: email })).people).toEqual([]);
    const audit = await api<{ entries: { event: string }[] }>('/v1/admin/audit?event=person.erase');
    expect(audit.entries.length).toBe(1);
  });

  it('retries a delivery the CRM refused', async () => {
    await open('deliveries');
    await page.locator('#status').selectOption('dead');
    const row = page.locator('tract-deliveries tbody tr').first();
    await row.waitFor();
    const before = await api<{ deliveries: { id: string }[] }>('/v1/admin/deliveries?status=dead');
    await shot('deliveries');
    await row.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('tract-deliveries').getByText('Queued again.').count()).toBe(1);
    const after = await api<{ deliveries: { id: string }[] }>('/v1/admin/deliveries?status=dead');
    expect(after.deliveries.length).toBe(before.deliveries.length - 1);
  });

  it('creates a token, shown once, and lists the audit log', async () => {
    await open('tokens');
    await page.locator('#token-name').fill('Équipe Villeurbanne');
    await page.getByRole('button', { name: 'Create a token' }).click();
    const secret = await page.locator('#new-token').inputValue();
    expect(secret).toMatch(/^tract_/);
    await expect.poll(() => page.locator('tract-tokens tbody').textContent()).toContain('Équipe Villeurbanne');
    await shot('tokens');
    await open('audit');
    await expect.poll(() => page.locator('tract-audit tbody').textContent()).toContain('token.create');
    await shot('audit');
    await open('contacts');
    await shot('contacts');
  });

  it('breaks no content policy rule and no Trusted Types rule', () => {
    expect(policyErrors).toEqual([]);
  });

  it('passes axe on every screen, in English and in French', async () => {
    await page.evaluate(AXE);
    for (const locale of ['en', 'fr']) {
      await page.locator('tract-console header select').selectOption(locale);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      for (const screen of SCREENS) {
        await open(screen);
        await axe(`${screen} (${locale})`);
      }
      const { people } = await api<{ people: { id: string }[] }>('/v1/admin/people/search', { limit: 1 });
      await open(`person/${people[0]!.id}`);
      await axe(`person (${locale})`);
      await open('overview');
      await page
        .locator('details')
        .first()
        .evaluate((details) => {
          (details as HTMLDetailsElement).open = true;
        });
      await axe(`overview with its table (${locale})`);
    }
    await page.locator('tract-console header select').selectOption('en');
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('overview');
    await page.locator('tract-chart canvas').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('overview-phone');
    await open('people');
    await shot('people-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows an organizer its two screens only, and signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#token').fill(demo.organizerToken);
    await page.locator('#token').press('Enter');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.locator('nav a').allTextContents()).toEqual(['Overview', 'Contacts']);
    await open('people');
    expect(await page.locator('main h1').first().textContent()).toBe('Overview');
    await page.evaluate(AXE);
    await axe('organizer overview (en)');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.evaluate(() => sessionStorage.getItem('tract.console.token'))).toBeNull();
  });
});
