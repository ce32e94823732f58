/**
 * A person's record is confirmed data: against a real relay over HTTP, a
 * stranger who posts someone else's email (in any case) changes nothing
 * stored about that person, nor what a CRM receives; the person changes it
 * by confirming by email, and an admin through the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { forwardingService } from '../forwarding/service.js';
import { consent, linkTo, type MailTestRelay, post, pressButton, startMailTestRelay } from '../test-support/relay.js';

let relay: MailTestRelay;
const receiver = await startWebhookReceiver();

beforeAll(async () => {
  relay = await startMailTestRelay({ challenge: { enabled: false }, backend: { type: 'webhook', url: receiver.url } }, [
    forwardingService({ pollMs: 20, baseDelayMs: 10 }),
  ]);
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

const camille = {
  givenName: 'Camille',
  familyName: 'Martin',
  email: 'camille.martin@example.fr',
  phone: '+33612345678',
  postalCode: '69002',
  addressLines: ['12 rue de la République'],
  locality: 'Lyon',
};
const stranger = { givenName: 'Mallory', familyName: 'Intrus', phone: '+33799999999', postalCode: '75011', locality: 'Paris' };

const recordOf = (email: string) =>
  relay.db.selectFrom('people').selectAll().where('email_hash', '=', relay.hashKey.emailHash(email)).executeTakeFirstOrThrow();
const admin = (path: string, body: unknown, language = 'en') =>
  fetch(`${relay.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify(body),
  });
const signature = (person: Record<string, unknown>) => ({ person, consent: [], comment: 'Pas de décharge.' });
/** A French reader's browser: messages to people who gave no language follow the form's. */
const french = { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } };

/** Signs Camille up and confirms by email, as she would. */
async function confirmedCamille() {
  const signup = await post(relay, '/v1/signups', { person: camille, consent: consent() });
  const mail = await relay.mailbox.waitFor((m) => m.to.includes(camille.email));
  expect((await pressButton(linkTo(mail, '/v1/confirm'))).status).toBe(200);
  return signup;
}

async function settledOutbox() {
  for (let i = 0; i < 400; i++) {
    const open = await relay.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'failed', 'delivering']).execute();
    if (open.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('outbox not settled');
}

describe("a stranger posting someone else's email", () => {
  it('leaves the stored name, phone, postal code and address unchanged, whatever the case and the form', async () => {
    await confirmedCamille();
    const before = await recordOf(camille.email);
    expect(before).toMatchObject({ given_name: 'Camille', phone: '+33612345678', postal_code: '69002', locality: 'Lyon' });

    const email = 'CAMILLE.Martin@Example.FR';
    const signup = await post(relay, '/v1/signups', { person: { ...stranger, email }, consent: consent() });
    const petition = await post(relay, '/v1/petitions/stop-the-dump/signatures', signature({ ...stranger, email }), french);
    const pledge = await post(relay, '/v1/donations', {
      person: { ...stranger, email, addressLines: ['1 rue de la Roquette'] },
      amount: 1000,
      currency: 'EUR',
      recurrence: 'one_off',
      compliance: {
        profile: 'fr-candidate',
        textVersion: 'don-v1',
        attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
      },
      consent: [],
    });
    for (const answer of [signup, petition, pledge]) expect(answer.status).toBe(202);

    // Only its expiry moved: the pledge is kept longer (accounting), so is the person it names.
    const { expires_at: _later, ...after } = await recordOf(camille.email);
    const { expires_at: _before, ...unchanged } = before;
    expect(after).toEqual(unchanged);
    // What the stranger typed is kept as what that action submitted, and nowhere else.
    const typed = await relay.db.selectFrom('actions').select('data').where('id', '=', petition.key!).executeTakeFirstOrThrow();
    expect(JSON.parse(typed.data).person).toMatchObject({ givenName: 'Mallory', phone: '+33799999999' });
  });

  it("forwards the record to the CRM, never the stranger's typing", async () => {
    await settledOutbox();
    const forwarded = receiver.delivered.filter((a) => (a.data as { person?: { email: string } }).person?.email === camille.email);
    expect(forwarded.map((a) => a.kind).sort()).toEqual(['donation', 'petition_signature', 'signup']);
    for (const action of forwarded) {
      expect((action.data as { person: unknown }).person).toEqual({ ...camille });
    }
    expect(JSON.stringify(receiver.delivered)).not.toContain('Mallory');
  });

  it('tells Camille, in the signup the stranger made in her name, that confirming would also replace her details', async () => {
    const signup = await relay.mailbox.waitFor(
      (m) =>
        m.to.some((to) => to.toLowerCase() === camille.email) &&
        m.subject.startsWith('Confirmez votre inscription') &&
        m.text.includes('aussi'),
    );
    expect(signup.text).toContain(
      'Confirmer enregistre aussi les coordonnées saisies dans le formulaire (prénom, nom, téléphone, commune et code postal)',
    );
    expect(signup.text).not.toMatch(/Mallory|Intrus/);
  });

  it('mails Camille a "confirm your new details" message that names the fields, never the stranger\'s words', async () => {
    const details = await relay.mailbox.waitFor(
      (m) => m.to.some((to) => to.toLowerCase() === camille.email) && m.subject.startsWith('Confirmez vos nouvelles coordonnées'),
    );
    expect(details.text).toContain('prénom, nom, téléphone, commune et code postal');
    expect(details.text + details.html).not.toMatch(/Mallory|Intrus|79999|75011|Paris/);
  });
});

describe('a returning supporter', () => {
  it('sees their record updated once they confirm the change from their mailbox', async () => {
    const email = 'returning@example.fr';
    await post(relay, '/v1/petitions/stop-the-dump/signatures', signature({ givenName: 'Sam', email, phone: '+33611111111' }), french);
    const moved = { givenName: 'Sam', email, phone: '+33622222222', postalCode: '13001', locality: 'Marseille' };
    await post(relay, '/v1/petitions/stop-the-dump/signatures', signature(moved), french);
    expect(await recordOf(email)).toMatchObject({ phone: '+33611111111', postal_code: null, confirmed_at: null });

    const mail = await relay.mailbox.waitFor((m) => m.to.includes(email) && m.subject.startsWith('Confirmez vos nouvelles'));
    const page = await (await fetch(linkTo(mail, '/v1/confirm'))).text();
    expect(page).toContain('enregistrer vos nouvelles coordonnées');
    expect(await (await pressButton(linkTo(mail, '/v1/confirm'))).text()).toContain('vos nouvelles coordonnées sont enregistrées');
    const record = await recordOf(email);
    expect(record).toMatchObject({ given_name: 'Sam', phone: '+33622222222', postal_code: '13001', locality: 'Marseille' });
    expect(record.confirmed_at).not.toBeNull();
    // Only the first signature's message asked nothing: its details were the record's, so no mail was sent for it.
    expect(relay.mailbox.to(email)).toHaveLength(1);
  });

  it('sends no details message when the submission matches the record', async () => {
    const email = 'same@example.fr';
    const person = { givenName: 'Alex', email, postalCode: '69003' };
    await post(relay, '/v1/petitions/stop-the-dump/signatures', signature(person));
    await post(relay, '/v1/petitions/stop-the-dump/signatures', signature({ ...person, email: 'SAME@example.fr' }));
    const hash = relay.hashKey.emailHash(email);
    for (let i = 0; i < 200; i++) {
      const queued = await relay.db.selectFrom('mail_queue').select('id').where('recipient_hash', '=', hash).execute();
      if (queued.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(relay.mailbox.to(email)).toHaveLength(0);
    expect(await relay.db.selectFrom('confirmations').select('id').where('email_hash', '=', hash).execute()).toEqual([]);
  });
});

describe('POST /v1/admin/people/update', () => {
  it("sets the fields given with the SDK's rules, empties those sent as null, and counts as confirmed", async () => {
    const response = await admin('/v1/admin/people/update', {
      email: 'Returning@example.fr',
      person: { familyName: 'Durand', phone: '+33 6 33 33 33 33', locality: null },
    });
    expect(response.status).toBe(200);
    const { person } = await response.json();
    expect(person).toMatchObject({ given_name: 'Sam', family_name: 'Durand', phone: '+33633333333', locality: null, postal_code: '13001' });
    expect(await recordOf('returning@example.fr')).toMatchObject({ family_name: 'Durand', locality: null });
    expect(relay.logs.filter((line) => line.includes('people/update')).join()).not.toContain('Durand');
  });

  it("refuses invalid fields in the reader's language, a new address, and an unknown person", async () => {
    const invalid = await admin(
      '/v1/admin/people/update',
      { email: 'returning@example.fr', person: { postalCode: '!!', shoeSize: 42 } },
      'fr',
    );
    expect(invalid.status).toBe(400);
    const paths = (await invalid.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['person.postalCode', 'person.shoeSize']));
    const moved = await admin('/v1/admin/people/update', { email: 'returning@example.fr', person: { email: 'new@example.fr' } });
    expect(moved.status).toBe(400);
    expect((await moved.json()).error.issues[0]).toMatchObject({ path: 'person.email' });
    expect((await admin('/v1/admin/people/update', { email: 'nobody@example.fr', person: { givenName: 'X' } })).status).toBe(404);
    expect((await recordOf('returning@example.fr')).postal_code).toBe('13001');
  });
});
