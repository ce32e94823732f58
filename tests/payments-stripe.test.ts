/**
 * A paid donation end to end, in real Chromium: the demo (`npm start`'s own
 * code) with `TRACT_DEMO_PAYMENTS=stripe`'s Stripe stand-in. The donor fills
 * <tract-donate> on the campaign page, confirms, pays on the stand-in's
 * checkout page (which sends Stripe's signed webhook to the relay), comes
 * back to the campaign page and reads the thanks; the pledge is paid in the
 * relay's database.
 */
import type { RunningDemo } from '@tract/relay/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoInChromium, ensureBuilt, HUMAN_FILL_MS, startDemoInChromium } from './support/demo-in-chromium.js';

let running: DemoInChromium;
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  ensureBuilt('packages/widgets', 'dist/tract-widgets.iife.js');
  running = await startDemoInChromium('payments', { seed: false, payments: 'stripe' });
  ({ demo, browser } = running);
});

afterAll(async () => {
  await running?.close();
});

describe('a donation paid through Stripe (stand-in), in Chromium', () => {
  it('goes from the form to the checkout and back to the thanks, and the pledge is paid in the database', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      const log: unknown[] = [];
      Object.assign(window, { donationEvents: log });
      for (const type of ['tract-donation-paid', 'tract-donation-pending', 'tract-donation-failed']) {
        document.addEventListener(type, (event) => log.push({ type, ...(event as CustomEvent).detail }));
      }
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(demo.pageUrl);
    const donate = page.locator('tract-donate');
    await donate.locator('input[name="amountChoice"][value="5000"]').check();
    await donate.locator('input[name="recurrence"][value="one_off"]').check();
    await donate.locator('input[name="person.givenName"]').fill('Claude');
    await donate.locator('input[name="person.familyName"]').fill('Bernard');
    await donate.locator('input[name="person.email"]').fill('claude.stripe@example.fr');
    await donate.locator('input[name="person.postalCode"]').fill('69003');
    await donate.locator('input[name="person.addressLines"]').fill('8 rue Paul Bert');
    await donate.locator('input[name="person.locality"]').fill('Lyon');
    for (const box of await donate.locator('input[name="attestation"]').all()) await box.check();
    await page.waitForTimeout(HUMAN_FILL_MS);
    await donate.locator('form button[part="submit"]').click();
    await donate.locator('[part="review"]').waitFor();
    const checkoutUrl = `${demo.stripe!.url}/pay/`;
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(checkoutUrl), { timeout: 60_000 }),
      donate.locator('.review button[part="submit"]').click(),
    ]);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.locator('#amount').textContent()).resolves.toBe('50.00 EUR');

    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(demo.pageUrl) && url.searchParams.has('tract_pledge')),
      page.locator('#pay').click(),
    ]);
    const status = page.locator('tract-donate [part="payment-status"]');
    await expect(status.textContent({ timeout: 30_000 })).resolves.toBe('Merci ! Votre don est confirmé.');
    await expect(page.locator('tract-donate form').isHidden()).resolves.toBe(true);
    const events = await page.evaluate(() => (window as unknown as { donationEvents: { type: string; status: string }[] }).donationEvents);
    expect(events.map((e) => e.type)).toContain('tract-donation-paid');

    const pledge = await demo.db.selectFrom('pledges').selectAll().where('checkout_ref', '=', sessionId).executeTakeFirstOrThrow();
    expect([pledge.provider, pledge.status, pledge.amount_minor]).toEqual(['stripe', 'paid', 5000]);
    expect(new URL(page.url()).searchParams.get('tract_pledge')).toBe(pledge.public_id);
    const payments = await demo.db
      .selectFrom('pledge_payments')
      .select(['kind', 'amount_minor'])
      .where('pledge_id', '=', pledge.id)
      .execute();
    expect(payments).toEqual([{ kind: 'payment', amount_minor: 5000 }]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
