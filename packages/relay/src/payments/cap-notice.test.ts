/**
 * The donor whose pledge is flagged over the cap hears it by email (never in
 * the answer), through the mail queue, in their language, with the legal
 * footer; an honest donor under the cap gets no such message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { donationBody, type MailTestRelay, post, solvedChallenge, startMailTestRelay } from '../test-support/relay.js';

let relay: MailTestRelay;

beforeAll(async () => {
  // Donations need no double opt-in: the pledge goes to the checkout at once.
  relay = await startMailTestRelay({ signups: { doubleOptIn: false } });
});
afterAll(async () => {
  await relay.stop();
});

async function give(amount: number, email: string, language = 'fr') {
  const body = donationBody(amount, email);
  const response = await post(
    relay,
    '/v1/donations',
    { ...body, person: { ...body.person, language } },
    { bot: { challenge: await solvedChallenge(relay) } },
  );
  expect(response.status).toBe(202);
  return response;
}

describe('the over-cap notice', () => {
  it('tells the owner of the address, in French, that the pledge is checked and what is above the cap is refunded', async () => {
    await give(400_000, 'pres-du-plafond@example.fr');
    const over = await give(100_000, 'pres-du-plafond@example.fr');
    const mail = await relay.mailbox.waitFor((m) => m.to.includes('pres-du-plafond@example.fr') && /plafond/.test(m.subject));
    expect(mail.subject).toBe('Votre don à Lyon en commun : vérification du plafond légal');
    // Intl writes French thousands with a narrow no-break space.
    const text = mail.text.replace(/\s/g, ' ');
    expect(text).toContain('1 000,00');
    expect(text).toContain('4 600,00');
    expect(mail.text).toContain('Code électoral L52-8');
    expect(mail.text).toContain('remboursé');
    expect(mail.text).toContain('Responsable du traitement');
    expect(mail.headers.get('list-unsubscribe')).toMatch(/\/v1\/unsubscribe/);
    // No link to press but the unsubscribe one (and the campaign’s own pages).
    expect(mail.links.every((link) => new URL(link).pathname === '/v1/unsubscribe' || link.startsWith('https://www.example.fr'))).toBe(
      true,
    );
    const pledge = await relay.db.selectFrom('pledges').select('review').where('id', '=', over.key!).executeTakeFirstOrThrow();
    expect(pledge.review).toBe('over_cap');
  });

  it('sends nothing to an honest donor under the cap', async () => {
    await give(100_000, 'honnete@example.fr', 'en');
    await give(100_000, 'honnete@example.fr', 'en');
    // The queue is empty once the worker has handled everything: nothing was queued for this address.
    const until = Date.now() + 5_000;
    while ((await relay.db.selectFrom('mail_queue').select('id').execute()).length > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(relay.mailbox.to('honnete@example.fr')).toEqual([]);
  });
});
