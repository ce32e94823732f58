/**
 * Double opt-in against a real relay over HTTP, a real SMTP server in this
 * process, and the links followed as a browser without JavaScript would:
 * consent for an email counts only once its owner pressed the button in the
 * message sent to it, and nothing in the public answer tells what the relay
 * knows about that email.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAMPAIGN,
  countRows,
  linkTo,
  type MailTestRelay,
  post,
  pressButton,
  signupBody,
  startMailTestRelay,
} from '../test-support/relay.js';

let relay: MailTestRelay;

beforeAll(async () => {
  relay = await startMailTestRelay({
    challenge: { enabled: false },
    petitions: [{ id: 'confirmed-only', title: 'Sauvons le parc', goal: 100, doubleOptIn: true }],
  });
});
afterAll(async () => {
  await relay.stop();
});

const mailTo = (email: string) => relay.mailbox.waitFor((mail) => mail.to.includes(email));
const consentOf = (actionId: string) =>
  relay.db.selectFrom('consent_events').select(['kind', 'purpose', 'confirmation']).where('action_id', '=', actionId).execute();

describe('a signup waiting for confirmation', () => {
  it('answers pending, grants nothing, forwards nothing, and mails a confirmation link', async () => {
    const email = 'camille.doi@example.fr';
    const answer = await post(relay, '/v1/signups', signupBody(email));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: answer.key, status: 'pending', confirmation: 'email' });
    const action = await relay.db.selectFrom('actions').selectAll().where('id', '=', answer.key!).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ status: 'pending', confirmation: 'pending', confirmed_at: null });
    expect(await consentOf(answer.key!)).toEqual([{ kind: 'request', purpose: 'email', confirmation: null }]);

    const mail = await mailTo(email);
    expect(mail.subject).toBe(`Confirmez votre inscription – ${CAMPAIGN.name}`);
    expect(mail.from).toContain('ne-pas-repondre@example.fr');
    expect(mail.text).toContain(`Responsable du traitement : ${CAMPAIGN.controller}.`);
    expect(mail.text).toContain(CAMPAIGN.privacyUrl);
    expect(mail.html).toContain(CAMPAIGN.privacyUrl);
    const confirm = linkTo(mail, '/v1/confirm');
    const unsubscribe = linkTo(mail, '/v1/unsubscribe');
    expect(mail.headers.get('list-unsubscribe')).toBe(`<${unsubscribe}>`);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The token is 256 random bits; only its SHA-256 is stored.
    const token = new URL(confirm).searchParams.get('token')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(await relay.db.selectFrom('confirmations').selectAll().execute());
    expect(stored).not.toContain(token);
    // Once sent, the message (address and token) is gone from the queue.
    await until(async () => (await countRows(relay, 'mail_queue')) === 0);
  });

  it('opens a page with a button on GET, which confirms nothing (mail scanners fetch links)', async () => {
    const email = 'scanned@example.fr';
    const answer = await post(relay, '/v1/signups', signupBody(email));
    const link = linkTo(await mailTo(email), '/v1/confirm');
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post">');
      expect(html).toContain('Je confirme');
      expect(html).not.toContain('<script');
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toBe('no-store');
    }
    const english = await (await fetch(`${link.replace('lang=fr', 'lang=en')}`)).text();
    expect(english).toContain('Confirm your signup');
    const action = await relay.db.selectFrom('actions').select('confirmation').where('id', '=', answer.key!).executeTakeFirstOrThrow();
    expect(action.confirmation).toBe('pending');
  });

  it('counts once the button is pressed: consent granted by email, record confirmed; pressing again changes nothing', async () => {
    const email = 'confirms@example.fr';
    const answer = await post(relay, '/v1/signups', signupBody(email));
    const link = linkTo(await mailTo(email), '/v1/confirm');
    const pressed = await pressButton(link);
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('Merci : votre inscription est confirmée.');
    const action = await relay.db.selectFrom('actions').selectAll().where('id', '=', answer.key!).executeTakeFirstOrThrow();
    expect(action).toMatchObject({ status: 'accepted', confirmation: 'confirmed' });
    expect(action.expires_at).toBe('2027-12-31T23:59:59.000Z');
    expect(await consentOf(answer.key!)).toEqual([
      { kind: 'request', purpose: 'email', confirmation: null },
      { kind: 'grant', purpose: 'email', confirmation: 'email' },
    ]);
    const record = await relay.db
      .selectFrom('people')
      .selectAll()
      .where('email_hash', '=', relay.hashKey.emailHash(email))
      .executeTakeFirstOrThrow();
    expect(record.confirmed_at).not.toBeNull();

    const again = await pressButton(link);
    expect(await again.text()).toContain('C’est déjà confirmé');
    expect(await consentOf(answer.key!)).toHaveLength(2);
  });

  it('refuses a made-up, tampered or expired token with the same page', async () => {
    const email = 'expires@example.fr';
    await post(relay, '/v1/signups', signupBody(email));
    const link = linkTo(await mailTo(email), '/v1/confirm');
    await relay.db
      .updateTable('confirmations')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const expired = await pressButton(link);
    const madeUp = await pressButton(`${relay.url}/v1/confirm?token=${'A'.repeat(43)}&lang=fr`);
    const garbage = await pressButton(`${relay.url}/v1/confirm?token=%3Cscript%3E&lang=fr`);
    for (const response of [expired, madeUp, garbage]) expect(response.status).toBe(404);
    const texts = await Promise.all([expired, madeUp, garbage].map((r) => r.text()));
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain('Ce lien n’est pas valable ou a expiré.');
  });
});

describe('a petition with double opt-in', () => {
  it('counts a signature once its signer confirmed it', async () => {
    const count = async () => (await (await fetch(`${relay.url}/v1/petitions/confirmed-only`)).json()).signatureCount;
    const email = 'signs.park@example.fr';
    const answer = await post(relay, '/v1/petitions/confirmed-only/signatures', { ...signupBody(email), comment: 'Le parc !' });
    expect(answer.body).toEqual({ id: answer.key, status: 'pending', confirmation: 'email' });
    expect(await count()).toBe(0);
    const mail = await mailTo(email);
    expect(mail.subject).toBe('Confirmez votre signature – Sauvons le parc');
    await pressButton(linkTo(mail, '/v1/confirm'));
    expect(await count()).toBe(1);
  });
});

describe('the public answer reveals nothing about the email', () => {
  it('is the same whether the email is new, waiting, confirmed, suppressed or throttled', async () => {
    const admin = { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' };
    await fetch(`${relay.url}/v1/admin/suppression`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ email: 'suppressed@example.fr' }),
    });
    for (let i = 0; i < 4; i++) await post(relay, '/v1/signups', signupBody('throttled@example.fr'));
    const answers = await Promise.all(
      ['brand-new@example.fr', 'scanned@example.fr', 'CONFIRMS@example.fr', 'suppressed@example.fr', 'throttled@example.fr'].map(
        async (email) => {
          const answer = await post(relay, '/v1/signups', signupBody(email));
          const headers = [...answer.headers.entries()].filter(([name]) => !['date', 'content-length'].includes(name));
          return { status: answer.status, body: { ...answer.body, id: undefined }, headers };
        },
      ),
    );
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('mails one address at most three times a day, and never a suppressed one', async () => {
    const email = 'bombed@example.fr';
    for (let i = 0; i < 6; i++) expect((await post(relay, '/v1/signups', signupBody(email))).status).toBe(202);
    await relay.mailbox.waitFor(() => relay.mailbox.to(email).length >= 3);
    await until(
      async () =>
        (await relay.db.selectFrom('mail_queue').select('id').where('recipient_hash', '=', relay.hashKey.emailHash(email)).execute())
          .length === 0,
    );
    expect(relay.mailbox.to(email)).toHaveLength(3);
    expect(relay.logs.filter((line) => line.includes('"reason":"throttled"')).length).toBeGreaterThanOrEqual(3);

    await post(relay, '/v1/signups', signupBody('suppressed@example.fr'));
    await until(async () => (await countRows(relay, 'mail_queue')) === 0);
    expect(relay.mailbox.to('suppressed@example.fr')).toHaveLength(0);
    expect(relay.logs.join('\n')).not.toContain('bombed@example.fr');
  });
});

describe('unsubscribing', () => {
  it('works from the page without JavaScript and from a mail client in one click, for good', async () => {
    const email = 'leaves@example.fr';
    await post(relay, '/v1/signups', signupBody(email));
    const mail = await mailTo(email);
    const link = linkTo(mail, '/v1/unsubscribe');
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Me désabonner');
    expect(await relay.db.selectFrom('suppression').selectAll().execute()).not.toContainEqual(
      expect.objectContaining({ email_hash: relay.hashKey.emailHash(email) }),
    );

    // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" as multipart/form-data, with no cookie and no origin.
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const oneClick = await fetch(mail.headers.get('list-unsubscribe')!.slice(1, -1), { method: 'POST', body: form });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain(`vous ne recevrez plus de messages de ${CAMPAIGN.name}`);
    const again = await pressButton(link);
    expect(again.status).toBe(200);

    const hash = relay.hashKey.emailHash(email);
    expect(await relay.db.selectFrom('suppression').select('reason').where('email_hash', '=', hash).execute()).toEqual([
      { reason: 'unsubscribe' },
    ]);
    const withdrawals = await relay.db
      .selectFrom('consent_events')
      .select(['kind', 'channel'])
      .where('subject_hash', '=', hash)
      .where('kind', '=', 'withdrawal')
      .execute();
    expect(withdrawals).toEqual([{ kind: 'withdrawal', channel: 'unsubscribe' }]);
    const sent = relay.mailbox.to(email).length;
    await post(relay, '/v1/signups', signupBody(email));
    await until(async () => (await countRows(relay, 'mail_queue')) === 0);
    expect(relay.mailbox.to(email)).toHaveLength(sent);
  });

  it("refuses a link whose MAC was not made with this relay's key", async () => {
    const forged = `${relay.hashKey.emailHash('victim@example.fr')}.${'0'.repeat(64)}`;
    const response = await pressButton(`${relay.url}/v1/unsubscribe?token=${forged}&lang=en`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This unsubscribe link is not valid.');
    expect(
      await relay.db.selectFrom('suppression').selectAll().where('email_hash', '=', relay.hashKey.emailHash('victim@example.fr')).execute(),
    ).toEqual([]);
  });

  it("speaks the browser's language when the link names none", async () => {
    const page = (language: string) => fetch(`${relay.url}/v1/unsubscribe?token=x`, { headers: { 'accept-language': language } });
    expect(await (await page('fr-CA,fr;q=0.9,en;q=0.5')).text()).toContain('Ce lien de désabonnement n’est pas valable.');
    expect(await (await page('de-DE,en;q=0.8')).text()).toContain('This unsubscribe link is not valid.');
  });

  it('takes forms only, and answers other methods with 405', async () => {
    const json = await fetch(`${relay.url}/v1/confirm?token=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect((await fetch(`${relay.url}/v1/unsubscribe`, { method: 'PUT' })).status).toBe(405);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
