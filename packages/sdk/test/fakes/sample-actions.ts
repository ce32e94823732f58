/**
 * One valid action of every kind, parsed through the real schemas, for backend
 * and forwarding tests. Each call returns fresh ids so tests never collide.
 */
import { randomUUID } from 'node:crypto';
import { type ActionInput, type ActionKind, type TractAction, validateAction } from '../../src/schema/index.js';

const grant = (purpose: 'email' | 'sms' | 'phone' | 'post') => ({
  purpose,
  granted: true as const,
  textVersion: `${purpose}-2026-09`,
  textHash: `sha256:${'a'.repeat(64)}`,
  language: 'fr',
});

const person = {
  givenName: 'Camille',
  familyName: 'Martin',
  email: 'camille.martin@example.org',
  phone: '+33612345678',
  addressLines: ['12 rue Oberkampf', 'Bâtiment B'],
  locality: 'Paris',
  postalCode: '75011',
  country: 'FR',
  language: 'fr',
};

const source = {
  utmSource: 'newsletter',
  utmMedium: 'email',
  utmCampaign: 'rentree',
  refcode: 'tract-demo',
  referrerHost: 'example.net',
  pageUrl: 'https://campaign.example/petition',
};

/** Inputs, one per kind: every optional field the backends map is filled in. */
export const SAMPLE_INPUTS: { [K in ActionKind]: ActionInput[K] } = {
  signup: { person, consent: [grant('email'), grant('sms')], source, tags: ['volunteer', 'paris-11'] },
  petition_signature: {
    petitionId: 'demo-petition',
    person,
    comment: 'Pour le climat.',
    isPublic: true,
    consent: [grant('email')],
    source,
    tags: ['climate'],
  },
  rsvp: { eventId: 'demo-event', person, guests: 2, status: 'attending', consent: [], source },
  donation: {
    person,
    amount: 2500,
    currency: 'EUR',
    recurrence: 'one_off',
    compliance: {
      profile: 'fr-candidate',
      textVersion: 'dons-2026-01',
      attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
    },
    consent: [grant('email')],
    source,
  },
  contact: {
    network: 'mastodon',
    handle: '@camille@mastodon.example',
    displayName: 'Camille M.',
    profileUrl: 'https://mastodon.example/@camille',
    postUrl: 'https://mastodon.example/@campaign/1',
    interaction: 'replied',
    note: 'Asked about the rally.',
    tags: ['social'],
    supportLevel: 4,
    lawfulBasis: 'legitimate_interest',
    informed: false,
    sourcePageUrl: 'https://mastodon.example/@campaign/1',
    capturedAt: '2026-11-28T10:00:00Z',
  },
  field_result: {
    ref: '0f5a3c1e-8d2b-4c6a-9e7f-1a2b3c4d5e6f',
    outcome: 'answered',
    supportLevel: 4,
    willVolunteer: true,
    yardSign: false,
    note: 'Wants to help at the market on Sundays.',
    recordedAt: '2026-11-28T10:00:00Z',
  },
};

/**
 * A validated action of `kind`, with a fresh id.
 * @param overrides fields of the input to replace
 */
export function sampleAction<K extends ActionKind>(kind: K, overrides: Partial<ActionInput[K]> = {}): TractAction<K> {
  const result = validateAction(kind, { ...SAMPLE_INPUTS[kind], ...overrides });
  if (!result.ok) throw new Error(`sample ${kind} is invalid: ${JSON.stringify(result.issues)}`);
  return { id: randomUUID(), kind, submittedAt: '2026-11-28T10:00:00.000Z', data: result.data } as TractAction<K>;
}
