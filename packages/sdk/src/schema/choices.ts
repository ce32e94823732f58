/**
 * The fixed lists of choices the schemas accept, in a module without any
 * schema: a form can render its options from here without loading zod.
 */

/** What a person may be contacted for, each its own unticked checkbox. */
export const CONSENT_PURPOSES = ['email', 'sms', 'phone', 'post'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const RSVP_STATUSES = ['attending', 'maybe', 'declined'] as const;

export const RECURRENCES = ['one_off', 'monthly'] as const;

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

/** How a field-mode call or visit ended: `do_not_call` suppresses the person, `wrong_number` drops the number. */
export const FIELD_OUTCOMES = ['answered', 'no_answer', 'voicemail', 'wrong_number', 'call_back_later', 'do_not_call'] as const;
export type FieldOutcome = (typeof FIELD_OUTCOMES)[number];

export const LAWFUL_BASES = ['consent', 'legitimate_interest', 'member'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];
