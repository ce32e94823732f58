/**
 * The demo's call list: 60 fictional supporters who gave the `phone` purpose
 * (emails at example.org, numbers in ARCEP's range kept for fiction,
 * +33 1 99 00 xx xx), written once into the demo database, and a fresh
 * volunteer invitation at every start so the printed link always works.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RelayConfig } from '../config/schema.js';
import type { HashKey } from '../db/hash-key.js';
import type { Database } from '../db/schema.js';
import { timeOrderedId } from '../db/time-ordered-id.js';
import { FIELD_LIMITS } from '../field/limits.js';
import { createList } from '../field/lists.js';
import { createInvitation } from '../field/volunteers.js';

export const DEMO_LIST_NAME = 'Démo : appels Lyon 7e';
const DAY_MS = 86_400_000;

const GIVEN = ['Camille', 'Dominique', 'Claude', 'Sacha', 'Lou', 'Maxime', 'Alix', 'Noa', 'Charlie', 'Eden', 'Gaël', 'Morgane'];
const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert'];
/** The hash of the demo's consent text (the checkbox a real form would have shown). */
const DEMO_TEXT_HASH = `sha256:${'5'.repeat(64)}`;

/** Seeds the demo list once; resolves with an invitation path for a new demo volunteer. */
export async function demoFieldInvitation(db: Kysely<Database>, hashKey: HashKey, config: RelayConfig, now = new Date()): Promise<string> {
  let list = await db.selectFrom('field_lists').select('id').where('name', '=', DEMO_LIST_NAME).executeTakeFirst();
  if (!list) {
    await seedPeople(db, hashKey, config, now);
    list = await createList(
      db,
      {
        kind: 'call',
        name: DEMO_LIST_NAME,
        filter: { actionKinds: ['signup'], postalCodePrefixes: ['6900'] },
        script: {
          fr: 'Bonjour, je suis bénévole pour Lyon en commun. Avez-vous deux minutes pour parler de la campagne ?',
          en: 'Hello, I volunteer for Lyon en commun. Do you have two minutes to talk about the campaign?',
        },
        questions: { supportLevel: true, willVolunteer: true, yardSign: true, note: true },
        sliceSize: 10,
        reservationMinutes: FIELD_LIMITS.reservationMinutes.fallback,
        cooldownDays: FIELD_LIMITS.cooldownDays.fallback,
        revealsPerHour: FIELD_LIMITS.revealsPerHour.fallback,
        revealMinAverageSeconds: FIELD_LIMITS.revealMinAverageSeconds.fallback,
      },
      null,
      now,
      new Date(config.retention.campaignEndsAt),
    );
  }
  const stamp = now.toISOString().slice(0, 16);
  const invitation = await createInvitation(db, list.id, `Bénévole démo ${stamp}`, null, now, new Date(now.getTime() + 7 * DAY_MS));
  return `/field/#invitation=${invitation.invitation}`;
}

async function seedPeople(db: Kysely<Database>, hashKey: HashKey, config: RelayConfig, now: Date): Promise<void> {
  const at = now.toISOString();
  const expiresAt = config.retention.campaignEndsAt;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < 60; i++) {
      const givenName = GIVEN[i % GIVEN.length]!;
      const familyName = FAMILY[i % FAMILY.length]!;
      const email = `${givenName.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${familyName.toLowerCase()}${i}@example.org`;
      const phone = `+3319900${String(1000 + i).padStart(4, '0')}`;
      const personId = timeOrderedId(now.getTime());
      const actionId = randomUUID();
      const emailHash = hashKey.emailHash(email);
      const person = {
        email,
        givenName,
        familyName,
        phone,
        postalCode: `6900${(i % 9) + 1}`,
        locality: 'Lyon',
        country: 'FR',
        language: 'fr',
      };
      const grant = { purpose: 'phone', granted: true, textVersion: 'demo-phone-v1', textHash: DEMO_TEXT_HASH, language: 'fr' };
      await trx
        .insertInto('people')
        .values({
          id: personId,
          email,
          email_hash: emailHash,
          given_name: givenName,
          family_name: familyName,
          phone,
          address_lines: JSON.stringify([`${i + 1} rue de la Démo`]),
          locality: 'Lyon',
          postal_code: person.postalCode,
          country: 'FR',
          language: 'fr',
          created_at: at,
          updated_at: at,
          confirmed_at: at,
          expires_at: expiresAt,
        })
        .execute();
      await trx
        .insertInto('actions')
        .values({
          id: actionId,
          kind: 'signup',
          person_id: personId,
          target_id: null,
          status: 'accepted',
          data: JSON.stringify({ person, consent: [grant] }),
          amount_minor: null,
          period: null,
          seats: null,
          origin: null,
          token_id: null,
          confirmation: 'none',
          confirmed_at: null,
          created_at: at,
          expires_at: expiresAt,
        })
        .execute();
      await trx
        .insertInto('consent_events')
        .values({
          id: timeOrderedId(now.getTime()),
          subject_hash: emailHash,
          kind: 'grant',
          purpose: 'phone',
          text_version: grant.textVersion,
          text_hash: grant.textHash,
          text_language: 'fr',
          channel: 'signup',
          origin: null,
          page_url: null,
          action_id: actionId,
          recorded_at: at,
          expires_at: expiresAt,
          confirmation: null,
        })
        .execute();
    }
  });
}
