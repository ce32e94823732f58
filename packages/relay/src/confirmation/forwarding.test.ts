/**
 * Double opt-in and the CRM, against a real relay, a real SMTP server and a
 * real signed-webhook receiver: consent given for someone else's email is
 * never granted nor forwarded; a confirmed signup is forwarded once, with its
 * grant; an RSVP takes its seat only once confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../../sdk/test/fakes/webhook-receiver.js';
import { forwardingService } from '../forwarding/service.js';
import { purgeExpired } from '../retention/purge.js';
import { linkTo, type MailTestRelay, post, pressButton, signupBody, startMailTestRelay } from '../test-support/relay.js';

const SECRET = 'double-opt-in-webhook-secret-0123456789';
const receiver = await startWebhookReceiver({ secret: SECRET });
let relay: MailTestRelay;

beforeAll(async () => {
  relay = await startMailTestRelay(
    {
      challenge: { enabled: false },
      backend: { type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' },
      events: [
        {
          id: 'small-room',
          title: 'Réunion d’appartement',
          startsAt: '2030-05-01T18:00:00Z',
          endsAt: null,
          timeZone: 'Europe/Paris',
          place: { name: 'Chez Sam', address: 'Lyon' },
          capacity: 2,
          doubleOptIn: true,
        },
      ],
    },
    [forwardingService({ env: { HOOK_SECRET: SECRET }, pollMs: 20, baseDelayMs: 10 })],
  );
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

const delivered = (email: string) =>
  receiver.delivered.filter((action) => (action.data as { person?: { email: string } }).person?.email === email);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("consent for an email is granted and forwarded only through its owner's link", () => {
  it('never reaches the CRM without the link', async () => {
    const answer = await post(relay, '/v1/signups', signupBody('someone.else@example.fr'));
    expect(answer.body.status).toBe('pending');
    await relay.mailbox.waitFor((m) => m.to.includes('someone.else@example.fr'));
    // The outbox worker polls every 20 ms: half a second is twenty-five rounds in which nothing may leave.
    await pause(500);
    expect(await relay.db.selectFrom('outbox').select('id').where('action_id', '=', answer.key!).execute()).toEqual([]);
    expect(delivered('someone.else@example.fr')).toEqual([]);
    const grants = await relay.db
      .selectFrom('consent_events')
      .select('kind')
      .where('subject_hash', '=', relay.hashKey.emailHash('someone.else@example.fr'))
      .execute();
    expect(grants).toEqual([{ kind: 'request' }]);

    // Days later, unconfirmed, it is gone, with the person record it created.
    const report = await purgeExpired(relay.db, new Date(Date.now() + 4 * 86_400_000));
    expect(report.actions).toBeGreaterThanOrEqual(1);
    expect(await relay.db.selectFrom('actions').select('id').where('id', '=', answer.key!).execute()).toEqual([]);
    const left = await relay.db
      .selectFrom('people')
      .select('id')
      .where('email_hash', '=', relay.hashKey.emailHash('someone.else@example.fr'))
      .execute();
    expect(left).toEqual([]);
  });

  it('reaches the CRM once, signed, with its grant, after the button is pressed', async () => {
    const email = 'confirmed.forward@example.fr';
    const answer = await post(relay, '/v1/signups', signupBody(email));
    const mail = await relay.mailbox.waitFor((m) => m.to.includes(email));
    await pause(200);
    expect(delivered(email)).toEqual([]);
    await pressButton(linkTo(mail, '/v1/confirm'));
    await pressButton(linkTo(mail, '/v1/confirm'));
    for (let i = 0; i < 400 && delivered(email).length === 0; i++) await pause(25);
    await pause(200);
    expect(delivered(email)).toHaveLength(1);
    expect(delivered(email)[0]).toMatchObject({ id: answer.key, kind: 'signup', data: { consent: [{ purpose: 'email', granted: true }] } });
    expect(receiver.duplicates).toBe(0);
  });
});

describe('RSVPs with double opt-in', () => {
  it('hold no seat until confirmed, then take one or join the waiting list', async () => {
    const rsvp = (email: string, guests: number) => ({
      ...signupBody(email),
      consent: [],
      guests,
      status: 'attending',
    });
    const remaining = async () => (await (await fetch(`${relay.url}/v1/events/small-room`)).json()).remaining;
    const french = { headers: { 'accept-language': 'fr' } };
    const first = await post(relay, '/v1/events/small-room/rsvps', rsvp('first.guest@example.fr', 1), french);
    const second = await post(relay, '/v1/events/small-room/rsvps', rsvp('second.guest@example.fr', 0), french);
    expect([first.body.status, second.body.status]).toEqual(['pending', 'pending']);
    expect(await remaining()).toBe(2);

    const secondMail = await relay.mailbox.waitFor((m) => m.to.includes('second.guest@example.fr'));
    expect(secondMail.subject).toContain('Réunion d’appartement');
    expect(await (await pressButton(linkTo(secondMail, '/v1/confirm'))).text()).toContain('votre venue est confirmée');
    expect(await remaining()).toBe(1);
    const firstMail = await relay.mailbox.waitFor((m) => m.to.includes('first.guest@example.fr'));
    expect(await (await pressButton(linkTo(firstMail, '/v1/confirm'))).text()).toContain('liste d’attente');
    const stored = await relay.db.selectFrom('actions').select('status').where('id', '=', first.key!).executeTakeFirstOrThrow();
    expect(stored.status).toBe('waitlisted');
  });
});
