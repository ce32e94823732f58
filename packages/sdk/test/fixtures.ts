/** Valid inputs for every action, shared by the client, backend and schema tests. */
import type {
  ContactInput,
  DonationInput,
  FieldResultInput,
  PetitionSignatureInput,
  RsvpInput,
  SignupInput,
} from '../src/schema/actions.js';

export const TEXT_HASH = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

export const emailConsent = [
  { purpose: 'email', granted: true, textVersion: 'newsletter-v1', textHash: TEXT_HASH, language: 'fr' },
] as const;

export function signupInput(email = 'camille@example.fr'): SignupInput {
  return {
    person: { givenName: 'Camille', familyName: 'Martin', email },
    consent: [...emailConsent],
    source: { utmSource: 'newsletter', referrerHost: 'www.example.fr', pageUrl: 'https://www.example.fr/agir' },
  };
}

export function petitionInput(): PetitionSignatureInput {
  return { petitionId: 'stop-the-dump', person: { email: 'lea@example.fr', givenName: 'Léa' }, comment: 'Merci !', consent: [] };
}

export function rsvpInput(): RsvpInput {
  return { eventId: 'meeting-lyon', person: { email: 'sam@example.org' }, guests: 2, consent: [] };
}

export function donationInput(): DonationInput {
  return {
    person: { email: 'ana@example.fr', givenName: 'Ana', familyName: 'Lopez' },
    amount: 2500,
    currency: 'EUR',
    recurrence: 'one_off',
    compliance: {
      profile: 'fr-candidate',
      textVersion: 'don-v1',
      attestations: ['natural_person', 'fr_national_or_resident', 'own_funds'],
    },
    consent: [],
  };
}

export function fieldResultInput(): FieldResultInput {
  return { ref: '0f5a3c1e-8d2b-4c6a-9e7f-1a2b3c4d5e6f', outcome: 'voicemail', recordedAt: '2026-11-29T10:00:00Z' };
}

export function contactInput(): ContactInput {
  return {
    network: 'mastodon',
    handle: '@camille@mastodon.social',
    displayName: 'Camille M.',
    profileUrl: 'https://mastodon.social/@camille',
    interaction: 'replied',
    lawfulBasis: 'legitimate_interest',
    informed: false,
    sourcePageUrl: 'https://mastodon.social/@campaign/1234',
    capturedAt: '2026-11-29T10:00:00Z',
  };
}
