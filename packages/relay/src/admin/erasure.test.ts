/**
 * Erasure that really erases, against a real relay over HTTP: a person with
 * every field, their actions (with a comment), a pending confirmation and a
 * queued message, and the contacts organizers clipped of them (by handle,
 * profile, name, and one whose note holds their email). After the admin's
 * erasure requests, not one of those values is left in the rows, in the
 * relay's log, or (SQLite) anywhere in the bytes of the database, its WAL
 * and its shared-memory file, while another person's values still are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailbox } from '../demo/mailbox.js';
import { CAMPAIGN, consent, contactBody, donationBody, post, startTestRelay, type TestRelay } from '../test-support/relay.js';

const zephyrine = {
  givenName: 'Zéphyrine',
  familyName: 'Quenouille-Bastard',
  email: 'zephyrine.quenouille@example.fr',
  phone: '+33687654321',
  postalCode: '69004',
  addressLines: ['17 montée de la Grande-Côte', 'Bâtiment Fauvette'],
  locality: 'Lyon-Croix-Rousse',
};
const comment = 'Je refuse la décharge du quai Perrache, signé Zéphyrine';
const mastodon = {
  network: 'mastodon',
  handle: 'zephyrine_q@mastodon.social',
  displayName: 'Zéphyrine Q.',
  profileUrl: 'https://mastodon.social/@zephyrine_q',
};
const x = { network: 'x', handle: 'ZQ_Lyon', displayName: 'ZQ Croix-Rousse', profileUrl: 'https://x.com/ZQ_Lyon' };
const bluesky = {
  network: 'bluesky',
  handle: 'zeph.bsky.social',
  displayName: 'Zéphyrine Quenouille',
  profileUrl: 'https://bsky.app/profile/zeph.bsky.social',
};
const note = `Rencontrée au marché de la Croix-Rousse, écrire à ${zephyrine.email.toUpperCase()}`;
const noted = {
  network: 'facebook',
  handle: 'marche.croix.rousse',
  displayName: 'Marché CR',
  profileUrl: 'https://www.facebook.com/marche.croix.rousse',
};

/** Every personal value stored about Zéphyrine, as the bytes to look for. */
const erasedValues = [
  zephyrine.givenName,
  zephyrine.familyName,
  zephyrine.email,
  zephyrine.phone,
  zephyrine.addressLines[0]!,
  zephyrine.addressLines[1]!,
  zephyrine.locality,
  comment,
  mastodon.handle,
  mastodon.displayName,
  mastodon.profileUrl,
  x.handle,
  x.profileUrl,
  x.displayName,
  bluesky.handle,
  bluesky.displayName,
  bluesky.profileUrl,
  'Rencontrée au marché',
];
const kept = {
  givenName: 'Bartholomé',
  familyName: 'Vercingétorix',
  email: 'bartholome.kept@example.fr',
  phone: '+33611223344',
  // A French campaign's donation carries the receipt's postal address.
  addressLines: ['3 place Sathonay'],
  postalCode: '69001',
  locality: 'Lyon',
};

let relay: TestRelay;
let mailbox: Mailbox;

beforeAll(async () => {
  // Mail is configured but no mail worker runs, so messages (address and token in clear) stay queued until the erasure.
  mailbox = await Mailbox.start();
  relay = await startTestRelay({
    challenge: { enabled: false },
    publicUrl: 'http://127.0.0.1',
    campaign: CAMPAIGN,
    smtp: mailbox.smtpConfig('Lyon en commun <ne-pas-repondre@example.fr>'),
    petitions: [{ id: 'quai-perrache', title: 'Quai Perrache', goal: null, doubleOptIn: true }],
  });
  const organizer = { bot: null, headers: { authorization: `Bearer ${relay.organizerToken}` } };
  for (const person of [zephyrine, kept]) {
    expect(
      (await post(relay, '/v1/signups', { person, consent: consent(), source: { pageUrl: 'https://www.example.fr/agir' } })).status,
    ).toBe(202);
    expect((await post(relay, '/v1/donations', { ...donationBody(2500, person.email), person })).status).toBe(202);
  }
  expect((await post(relay, '/v1/petitions/quai-perrache/signatures', { person: zephyrine, consent: consent(), comment })).status).toBe(
    202,
  );
  expect(
    (await post(relay, '/v1/events/meeting-lyon/rsvps', { person: zephyrine, consent: [], guests: 0, status: 'attending' })).status,
  ).toBe(202);
  for (const contact of [mastodon, x, bluesky])
    expect((await post(relay, '/v1/contacts', { ...contactBody(), ...contact }, organizer)).status).toBe(202);
  expect((await post(relay, '/v1/contacts', { ...contactBody(), ...noted, note }, organizer)).status).toBe(202);
  expect(
    (await post(relay, '/v1/contacts', { ...contactBody(), handle: 'bartholome', displayName: kept.givenName }, organizer)).status,
  ).toBe(202);
});
afterAll(async () => {
  await relay.stop();
  await mailbox.close();
});

function erase(body: unknown) {
  return fetch(`${relay.url}/v1/admin/people/erase`, {
    method: 'POST',
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The relay's database files, as they are on disk now. */
function databaseBytes(): Buffer {
  return Buffer.concat(
    ['', '-wal', '-shm']
      .map((suffix) => `${relay.dbPath}${suffix}`)
      .filter(existsSync)
      .map((file) => readFileSync(file)),
  );
}

/** Every table's rows, as text. */
async function everyRow(): Promise<string> {
  const tables = ['people', 'actions', 'consent_events', 'outbox', 'confirmations', 'mail_queue', 'mail_log', 'suppression'] as const;
  const rows = await Promise.all(tables.map((table) => relay.db.selectFrom(table).selectAll().execute()));
  return JSON.stringify(rows);
}

describe('POST /v1/admin/people/erase', () => {
  it('stores everything the scan will look for (so the scan can fail)', async () => {
    const rows = await everyRow();
    for (const value of [...erasedValues, kept.familyName]) expect(rows.toLowerCase()).toContain(value.toLowerCase());
    expect(await relay.db.selectFrom('mail_queue').select('id').execute()).not.toHaveLength(0);
    expect(await relay.db.selectFrom('confirmations').select('id').execute()).not.toHaveLength(0);
    if (!process.env.TRACT_TEST_POSTGRES) expect(databaseBytes().includes(Buffer.from(zephyrine.familyName))).toBe(true);
  });

  it('refuses a contact named by its network alone (that would be everyone on it)', async () => {
    const response = await erase({ contact: { network: 'mastodon' } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues[0].path).toBe('contact');
  });

  it('erases the person, their actions, links, queued mail and the contact whose note names them', async () => {
    const response = await erase({ email: 'Zephyrine.Quenouille@EXAMPLE.fr' });
    expect(response.status).toBe(200);
    const { erased, walEmptied } = await response.json();
    expect(walEmptied).toBe(true);
    expect(erased).toMatchObject({ people: 1, actions: 4, contacts: 1 });
    expect(erased.confirmations).toBeGreaterThanOrEqual(1);
    expect(erased.mail).toBeGreaterThanOrEqual(1);
    expect(erased.consentEvents).toBeGreaterThanOrEqual(2);
  });

  it('erases clipped contacts by network and handle, by profile address, and by name, however they are written', async () => {
    const byHandle = await (await erase({ contact: { network: 'mastodon', handle: '@Zephyrine_Q@mastodon.social' } })).json();
    const byProfile = await (await erase({ contact: { profileUrl: 'https://www.X.com/zq_lyon/' } })).json();
    const byName = await (await erase({ contact: { name: '  Ze\u0301phyrine   QUENOUILLE ' } })).json();
    expect([byHandle.erased.contacts, byProfile.erased.contacts, byName.erased.contacts]).toEqual([1, 1, 1]);
    const again = await (await erase({ contact: { name: 'Zéphyrine Quenouille' } })).json();
    expect(again.erased.contacts).toBe(0);
  });

  it('leaves no erased value in any row nor in the log, and keyed-hash tombstones only', async () => {
    const rows = (await everyRow()).toLowerCase();
    for (const value of erasedValues) expect(rows, value).not.toContain(value.toLowerCase());
    expect(rows).toContain(kept.familyName.toLowerCase());
    expect(rows).toContain('bartholome');
    const tombstones = await relay.db.selectFrom('consent_events').select('subject_hash').where('kind', '=', 'erasure').execute();
    // One for the email, one for each of the four contacts.
    expect(tombstones).toHaveLength(5);
    expect(tombstones.map((t) => t.subject_hash)).toContain(relay.hashKey.emailHash(zephyrine.email));
    const logs = relay.logs.join('\n').toLowerCase();
    for (const value of erasedValues) expect(logs, value).not.toContain(value.toLowerCase());
  });

  it.skipIf(process.env.TRACT_TEST_POSTGRES)('leaves no erased byte in the database file, its WAL or its shared memory', async () => {
    const bytes = databaseBytes();
    for (const value of erasedValues) {
      for (const form of new Set([value, value.toLowerCase(), value.toUpperCase()])) {
        expect(bytes.includes(Buffer.from(form, 'utf8')), `"${form}" is still on disk`).toBe(false);
      }
    }
    expect(bytes.includes(Buffer.from(kept.familyName, 'utf8'))).toBe(true);
    expect(existsSync(`${relay.dbPath}-wal`) ? readFileSync(`${relay.dbPath}-wal`).length : 0).toBe(0);
  });
});
