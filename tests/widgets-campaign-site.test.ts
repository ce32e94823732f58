/**
 * The campaign page end to end: the relay demo (`npm start`'s own code, on a
 * free port with its database in a temp dir) serves `examples/campaign-site/`
 * and the built widgets from one origin, under the relay's own page policy
 * (a strict CSP with Trusted Types); Chromium fills each widget as a person
 * would, each action is then found in the relay's SQLite database, and no
 * flow meets a policy violation. Last, a petition turns hot under a flood
 * while a person fills it in, and they still sign.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_POLICY } from '@tract/relay';
import { demoConfig, type RunningDemo, startDemo } from '@tract/relay/demo';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoInChromium, ensureBuilt, freePort, HUMAN_FILL_MS, ROOT, startDemoInChromium } from './support/demo-in-chromium.js';

let running: DemoInChromium;
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  ensureBuilt('packages/widgets', 'dist/tract-widgets.iife.js');
  running = await startDemoInChromium('widgets');
  ({ demo, browser } = running);
});

afterAll(async () => {
  await running?.close();
});

/** Opens the campaign page of `site` (the suite's demo by default), collecting every policy violation and failed response it meets. */
async function openCampaignPage(
  query = '',
  site: RunningDemo = demo,
): Promise<{ page: Page; violations: string[]; failedResponses: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  const page = await context.newPage();
  const violations: string[] = [];
  const failedResponses: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    const log: unknown[] = [];
    Object.assign(window, { tractEvents: log });
    for (const type of ['tract-submitted', 'tract-queued', 'tract-error']) {
      document.addEventListener(type, (event) => log.push({ type, ...(event as CustomEvent).detail }));
    }
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  await page.goto(`${site.pageUrl}${query}`);
  await page.locator('tract-petition h2').waitFor();
  return { page, violations, failedResponses };
}

/** The id of the last `tract-submitted` event of `kind`. */
async function submittedId(page: Page, kind: string): Promise<string> {
  const handle = await page.waitForFunction(
    (k) =>
      (window as unknown as { tractEvents: { type: string; kind: string; id: string }[] }).tractEvents.find(
        (e) => e.type === 'tract-submitted' && e.kind === k,
      )?.id,
    kind,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as string;
}

async function storedAction(id: string, site: RunningDemo = demo) {
  const [row] = await site.db.selectFrom('actions').selectAll().where('id', '=', id).execute();
  expect(row, `action ${id} is not in the relay's database`).toBeDefined();
  return row!;
}

async function storedPerson(personId: string | null) {
  const [row] = await demo.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId ?? '')
    .execute();
  return row!;
}

describe('examples/campaign-site with the relay', () => {
  it('shows all four widgets in French, then in English after the switch', async () => {
    const { page, violations } = await openCampaignPage();
    await expect(page.locator('tract-signup button[part="submit"]').textContent()).resolves.toBe('Je m’inscris');
    await expect(page.locator('tract-petition h2').textContent()).resolves.toBe('Sauvons la rivière');
    await expect(page.locator('tract-rsvp h2').textContent()).resolves.toBe('Réunion publique');
    await expect(page.locator('tract-rsvp [part="facts"]').textContent()).resolves.toMatch(/mars/);
    await expect(page.locator('tract-rsvp [part="facts"]').textContent()).resolves.toContain('Salle des fêtes');
    await expect(page.locator('tract-donate legend').first().textContent()).resolves.toBe('Montant');
    await page.locator('#lang-switch').click();
    await expect(page.locator('tract-signup button[part="submit"]').textContent()).resolves.toBe('Sign up');
    await expect(page.locator('tract-petition h2').textContent()).resolves.toBe('Save the river');
    await expect(page.locator('tract-petition p').first().textContent()).resolves.toBe('No landfill by the river.');
    await expect(page.locator('tract-rsvp h2').textContent()).resolves.toBe('Public meeting');
    await expect(page.locator('tract-rsvp [part="facts"]').textContent()).resolves.toMatch(/March/);
    await expect(page.locator('tract-rsvp [part="facts"]').textContent()).resolves.toContain('Village hall');
    await expect(page.locator('tract-donate legend').first().textContent()).resolves.toBe('Amount');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('loads everything it asks for, its icon included: nothing answers 404', async () => {
    const { page, failedResponses } = await openCampaignPage();
    await page.locator('tract-rsvp h2').waitFor();
    const icon = new URL((await page.locator('link[rel="icon"]').getAttribute('href'))!, page.url());
    const response = await page.request.get(icon.href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    expect(failedResponses).toEqual([]);
    await page.context().close();
  });

  it('records a signup with its consent proof', async () => {
    const { page, violations } = await openCampaignPage();
    await page.locator('tract-signup input[name="person.givenName"]').fill('Camille');
    await page.locator('tract-signup input[name="person.email"]').fill('camille.e2e@example.fr');
    await page.locator('tract-signup input[name="consent.email"]').check();
    await page.waitForTimeout(HUMAN_FILL_MS);
    await page.locator('tract-signup button[part="submit"]').click();
    const action = await storedAction(await submittedId(page, 'signup'));
    expect(action.kind).toBe('signup');
    expect((await storedPerson(action.person_id)).email).toBe('camille.e2e@example.fr');
    const consents = await demo.db.selectFrom('consent_events').selectAll().where('action_id', '=', action.id).execute();
    expect(consents.map((c) => [c.kind, c.purpose, c.text_language])).toEqual([['request', 'email', 'fr']]);
    expect(String(consents[0]!.text_hash)).toMatch(/^sha256:[0-9a-f]{64}$/);
    await expect(page.locator('tract-signup [part="success"]').textContent()).resolves.toContain('Presque fini');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('lets the person confirm the signup from the demo mailbox, in a browser with JavaScript turned off', async () => {
    const { page } = await openCampaignPage();
    await page.locator('tract-signup input[name="person.email"]').fill('sam.confirms@example.fr');
    await page.locator('tract-signup input[name="consent.email"]').check();
    await page.waitForTimeout(HUMAN_FILL_MS);
    await page.locator('tract-signup button[part="submit"]').click();
    const id = await submittedId(page, 'signup');
    await page.context().close();
    await demo.mailbox.waitFor((mail) => mail.to.includes('sam.confirms@example.fr'));

    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    const mailbox = await context.newPage();
    await mailbox.goto(demo.mailboxUrl);
    const message = mailbox.locator('article', { hasText: 'sam.confirms@example.fr' });
    await message.locator('a[href*="/v1/confirm"]').click();
    await expect(mailbox.locator('h1').textContent()).resolves.toContain('Confirmez votre inscription');
    await mailbox.locator('button[type="submit"]').click();
    await expect(mailbox.locator('h1').textContent()).resolves.toBe('Merci : votre inscription est confirmée.');
    const grants = await demo.db.selectFrom('consent_events').select(['kind', 'confirmation']).where('action_id', '=', id).execute();
    expect(grants).toEqual([
      { kind: 'request', confirmation: null },
      { kind: 'grant', confirmation: 'email' },
    ]);
    await context.close();
  });

  it('records a petition signature and an RSVP', async () => {
    const { page, violations } = await openCampaignPage();
    await page.locator('tract-petition input[name="person.email"]').fill('dominique.e2e@example.fr');
    await page.locator('tract-petition textarea[name="comment"]').fill('Pour la rivière.');
    await page.locator('tract-rsvp input[name="person.email"]').fill('alex.e2e@example.fr');
    await page.locator('tract-rsvp input[name="guests"]').fill('1');
    await page.waitForTimeout(HUMAN_FILL_MS);
    await page.locator('tract-petition button[part="submit"]').click();
    await page.locator('tract-rsvp button[part="submit"]').click();
    const signature = await storedAction(await submittedId(page, 'petition_signature'));
    expect([signature.kind, signature.target_id]).toEqual(['petition_signature', 'sauvons-la-riviere']);
    const rsvp = await storedAction(await submittedId(page, 'rsvp'));
    expect([rsvp.kind, rsvp.target_id, rsvp.seats]).toEqual(['rsvp', 'reunion-publique', 2]);
    await page.locator('tract-rsvp [part="calendar"]').waitFor();
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('records a donation pledge after the review, then hands off to the checkout', async () => {
    const { page, violations } = await openCampaignPage();
    const donate = page.locator('tract-donate');
    await donate.locator('input[name="amountChoice"][value="5000"]').check();
    await donate.locator('input[name="recurrence"][value="one_off"]').check();
    await donate.locator('input[name="person.givenName"]').fill('Claude');
    await donate.locator('input[name="person.familyName"]').fill('Bernard');
    await donate.locator('input[name="person.email"]').fill('claude.e2e@example.fr');
    await donate.locator('input[name="person.postalCode"]').fill('69003');
    await donate.locator('input[name="person.addressLines"]').fill('8 rue Paul Bert');
    await donate.locator('input[name="person.locality"]').fill('Lyon');
    for (const box of await donate.locator('input[name="attestation"]').all()) await box.check();
    await page.waitForTimeout(HUMAN_FILL_MS);
    await donate.locator('form button[part="submit"]').click();
    await donate.locator('[part="review"]').waitFor();
    await Promise.all([page.waitForURL(/\/demo-checkout\?/), donate.locator('.review button[part="submit"]').click()]);
    // The checkout stand-in names an icon too, so the browser asks for no /favicon.ico.
    expect(await page.locator('link[rel="icon"]').count()).toBe(1);
    const reference = new URL(page.url()).searchParams.get('reference')!;
    expect(new URL(page.url()).searchParams.get('amount')).toBe('5000');
    const action = await storedAction(reference);
    expect([action.kind, action.status, action.amount_minor]).toEqual(['donation', 'pending', 5000]);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it("is served under the relay's own page policy, which Trusted Types and every widget live with", async () => {
    const served = await fetch(demo.pageUrl);
    expect(served.headers.get('content-security-policy')).toBe(PAGE_POLICY);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const { page, violations } = await openCampaignPage('?lang=en');
    await page.locator('tract-signup input[name="person.email"]').fill('strict.csp@example.fr');
    await page.waitForTimeout(HUMAN_FILL_MS);
    await page.locator('tract-signup button[part="submit"]').click();
    const action = await storedAction(await submittedId(page, 'signup'));
    expect(action.kind).toBe('signup');
    await expect(page.locator('tract-signup [part="success"]').textContent()).resolves.toContain('Almost done');
    expect(violations).toEqual([]);
    // The policy was really enforced all along: a plain string into innerHTML is refused under Trusted Types.
    const trustedTypesEnforced = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(trustedTypesEnforced).toBe(true);
    await page.context().close();
  });
});

describe('a petition made hot by a flood', () => {
  let hot: RunningDemo;
  let hotDir: string;
  const PETITION = 'sauvons-la-riviere';
  const FORM = `petition_signature:${PETITION}`;

  beforeAll(async () => {
    hotDir = mkdtempSync(join(tmpdir(), 'tract-hot-form-'));
    // A low per-form limit over a long window: three signatures from elsewhere make the petition hot for the whole test.
    const config = { ...demoConfig(), rateLimits: { perIp: 1000, perForm: 2, windowSeconds: 600 } };
    writeFileSync(join(hotDir, 'tract.config.json'), JSON.stringify(config));
    hot = await startDemo({ root: ROOT, port: await freePort(), dataDir: hotDir, log: () => undefined });
  });

  afterAll(async () => {
    await hot?.close();
    if (hotDir) rmSync(hotDir, { recursive: true, force: true });
  });

  /** A valid signature with its proof of work, posted by a server elsewhere. */
  async function signFromElsewhere(email: string): Promise<void> {
    const challenge = await (await fetch(`${hot.url}/v1/challenge?form=${encodeURIComponent(FORM)}`)).json();
    const solution = await solveChallenge({ challenge, deriveKey });
    const response = await fetch(`${hot.url}/v1/petitions/${PETITION}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        person: { email },
        consent: [],
        bot: { challenge: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') },
      }),
    });
    expect(response.status).toBe(202);
  }

  it('lets the person filling the form in sign, by paying the harder proof of work the relay now asks', async () => {
    const { page, violations } = await openCampaignPage('', hot);
    const challenges: Promise<{ form: string | null; cost: number }>[] = [];
    const posts: number[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname === '/v1/challenge') {
        challenges.push(response.json().then((body) => ({ form: url.searchParams.get('form'), cost: body.parameters.cost })));
      }
      if (response.request().method() === 'POST' && url.pathname.endsWith('/signatures')) posts.push(response.status());
    });
    // The widget asks for its challenge as soon as the person starts, while the petition is still quiet.
    await page.locator('tract-petition input[name="person.email"]').fill('dominique.hot@example.fr');
    await expect.poll(() => challenges.length).toBeGreaterThan(0);
    // Meanwhile a flood of valid, solved signatures comes from elsewhere, and the petition turns hot.
    for (let i = 0; i < 3; i++) await signFromElsewhere(`flood-${i}@example.fr`);
    await page.waitForTimeout(HUMAN_FILL_MS);
    await page.locator('tract-petition button[part="submit"]').click();
    const signature = await storedAction(await submittedId(page, 'petition_signature'), hot);
    expect([signature.kind, signature.target_id]).toEqual(['petition_signature', PETITION]);
    // Refused once for work solved at the quiet cost, then accepted with the form's harder challenge.
    expect(posts).toEqual([403, 202]);
    const asked = await Promise.all(challenges);
    expect(asked.every((c) => c.form === FORM)).toBe(true);
    expect(asked[0]!.cost).toBe(5000);
    expect(asked.slice(1).map((c) => c.cost)).toContain(50_000);
    expect(asked.slice(1).every((c) => c.cost === 50_000)).toBe(true);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
