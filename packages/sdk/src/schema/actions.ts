/**
 * The five actions Tract carries. Each schema is strict (unknown fields are
 * refused, so nothing unexpected is ever stored) and normalises as it parses.
 */
import * as z from 'zod/mini';
import { ATTESTATIONS, COMPLIANCE_PROFILE_IDS, COMPLIANCE_PROFILES } from './compliance.js';
import { consentSchema } from './consent.js';
import { currency, httpUrl, line, objectId, paragraph, tags, timestamp } from './fields.js';
import { personSchema } from './person.js';
import { sourceSchema } from './source.js';

/** Someone joins the campaign's list. */
export const signupSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    person: personSchema,
    consent: consentSchema,
    source: z.optional(sourceSchema),
    /** Lists or tags the form files the person under (the widget's `tags` attribute). */
    tags: z.optional(tags),
  }))();

/** Someone signs a petition. Signing never subscribes anyone: that is `consent`. */
export const petitionSignatureSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    petitionId: objectId,
    person: personSchema,
    comment: z.optional(paragraph(1000)),
    /** Whether the signer agrees to be listed publicly. Private unless they say so. */
    isPublic: z._default(z.boolean({ error: 'invalid_type' }), false),
    consent: consentSchema,
    source: z.optional(sourceSchema),
    tags: z.optional(tags),
  }))();

export const RSVP_STATUSES = ['attending', 'maybe', 'declined'] as const;

/** Someone answers an event invitation. The relay decides whether they are waitlisted. */
export const rsvpSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    eventId: objectId,
    person: personSchema,
    /** People coming along, not counting the person. */
    guests: z._default(
      z
        .number({ error: 'invalid_type' })
        .check(z.int({ error: 'not_integer' }), z.gte(0, { error: 'too_small' }), z.lte(20, { error: 'too_large' })),
      0,
    ),
    status: z._default(z.enum(RSVP_STATUSES, { error: 'invalid_choice' }), 'attending'),
    consent: consentSchema,
    source: z.optional(sourceSchema),
    tags: z.optional(tags),
  }))();

export const RECURRENCES = ['one_off', 'monthly'] as const;

/** The campaign-finance statements and facts that go with a donation. */
export const donationComplianceSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    profile: z.enum(COMPLIANCE_PROFILE_IDS, { error: 'invalid_choice' }),
    /** Version of the attestation texts shown. */
    textVersion: line(64),
    attestations: z.array(z.enum(ATTESTATIONS, { error: 'invalid_choice' })).check(
      z.maxLength(ATTESTATIONS.length, { error: 'too_many' }),
      z.refine((list) => new Set(list).size === list.length, { error: 'duplicate' }),
    ),
    employer: z.optional(line(200)),
    occupation: z.optional(line(200)),
  }))();

/**
 * A donation pledge: the amount a person intends to give, before payment at the
 * provider's checkout. The widget never sees a card number.
 */
export const donationSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      person: personSchema,
      /** Integer minor units (cents): 2500 is 25.00. */
      amount: z
        .number({ error: 'invalid_type' })
        .check(z.int({ error: 'not_integer' }), z.gte(1, { error: 'too_small' }), z.lte(100_000_000, { error: 'too_large' })),
      /** ISO 4217, e.g. `EUR`. */
      currency,
      /** Monthly is never a default: the donor must choose it. */
      recurrence: z.enum(RECURRENCES, { error: 'invalid_choice' }),
      compliance: donationComplianceSchema,
      consent: consentSchema,
      source: z.optional(sourceSchema),
      tags: z.optional(tags),
    })
    .check(
      z.superRefine((donation, ctx) => {
        const profile = COMPLIANCE_PROFILES[donation.compliance.profile];
        if (!profile) return;
        if (donation.currency !== profile.currency) {
          ctx.issues.push({
            code: 'custom',
            message: 'currency_mismatch',
            path: ['currency'],
            input: donation.currency,
            params: { expected: profile.currency },
          });
        }
        const missing = profile.attestations.filter((a) => !donation.compliance.attestations.includes(a));
        if (missing.length > 0) {
          ctx.issues.push({
            code: 'custom',
            message: 'attestation_missing',
            path: ['compliance', 'attestations'],
            input: donation.compliance.attestations,
            params: { missing: missing.join(', ') },
          });
        }
        const threshold = profile.employerOccupationAboveMinor;
        if (threshold !== undefined && donation.amount > threshold) {
          if (!donation.compliance.employer)
            ctx.issues.push({ code: 'custom', message: 'employer_required', path: ['compliance', 'employer'], input: undefined });
          if (!donation.compliance.occupation)
            ctx.issues.push({ code: 'custom', message: 'occupation_required', path: ['compliance', 'occupation'], input: undefined });
        }
        if (profile.capMinor !== undefined && donation.amount > profile.capMinor) {
          ctx.issues.push({
            code: 'custom',
            message: 'cap_exceeded',
            path: ['amount'],
            input: donation.amount,
            params: { max: profile.capMinor, rule: profile.rule },
          });
        }
      }),
    ))();

export const NETWORKS = ['x', 'facebook', 'instagram', 'linkedin', 'mastodon', 'bluesky', 'youtube', 'tiktok'] as const;
export type Network = (typeof NETWORKS)[number];

export const INTERACTIONS = ['commented', 'replied', 'shared', 'liked', 'mentioned', 'messaged', 'followed', 'met_in_person'] as const;
export type Interaction = (typeof INTERACTIONS)[number];

/**
 * Public interactions with a campaign's posts reveal a political opinion (GDPR
 * art. 9, inferred opinions included). A private message or a meeting does not
 * by itself.
 */
export const OPINION_REVEALING_INTERACTIONS: readonly Interaction[] = ['commented', 'replied', 'shared', 'liked', 'mentioned', 'followed'];

export const LAWFUL_BASES = ['consent', 'legitimate_interest', 'member'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** A person an organizer met on a social network, logged one at a time by hand. */
export const contactSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      network: z.enum(NETWORKS, { error: 'invalid_choice' }),
      /** The account name without a leading `@` (`user@instance` on Mastodon). */
      handle: z.string({ error: 'invalid_type' }).check(
        z.overwrite((v) => v.trim().replace(/^@/, '')),
        z.regex(/^[\p{L}\p{N}._-]{1,100}(@[a-z0-9.-]{1,253})?$/u, { error: 'invalid_handle' }),
      ),
      displayName: line(200),
      profileUrl: httpUrl,
      /** Only when the organizer chose to keep the picture. */
      avatarUrl: z.optional(httpUrl),
      /** The post the interaction happened on. */
      postUrl: z.optional(httpUrl),
      interaction: z.enum(INTERACTIONS, { error: 'invalid_choice' }),
      note: z.optional(paragraph(2000)),
      tags: z.optional(tags),
      /** 1 (opposed) to 5 (strong supporter). */
      supportLevel: z.optional(
        z
          .number({ error: 'invalid_type' })
          .check(z.int({ error: 'not_integer' }), z.gte(1, { error: 'too_small' }), z.lte(5, { error: 'too_large' })),
      ),
      lawfulBasis: z.enum(LAWFUL_BASES, { error: 'invalid_choice' }),
      /** Whether the person has been told their data is held (GDPR art. 14). */
      informed: z.boolean({ error: 'invalid_type' }),
      /** The page the organizer clipped from. */
      sourcePageUrl: httpUrl,
      capturedAt: timestamp,
      /** Set by the schema from `interaction`: callers cannot clear it. */
      revealsPoliticalOpinion: z._default(z.boolean({ error: 'invalid_type' }), false),
    })
    .check(
      z.overwrite((contact) => ({
        ...contact,
        revealsPoliticalOpinion: contact.revealsPoliticalOpinion || OPINION_REVEALING_INTERACTIONS.includes(contact.interaction),
      })),
    ))();

export type Signup = z.infer<typeof signupSchema>;
export type SignupInput = z.input<typeof signupSchema>;
export type PetitionSignature = z.infer<typeof petitionSignatureSchema>;
export type PetitionSignatureInput = z.input<typeof petitionSignatureSchema>;
export type Rsvp = z.infer<typeof rsvpSchema>;
export type RsvpInput = z.input<typeof rsvpSchema>;
export type Donation = z.infer<typeof donationSchema>;
export type DonationInput = z.input<typeof donationSchema>;
export type Contact = z.infer<typeof contactSchema>;
export type ContactInput = z.input<typeof contactSchema>;
