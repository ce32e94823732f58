/**
 * Everything a widget says, as one typed object per locale. Validation
 * messages are not here: they come from the SDK by issue code, so the relay,
 * the SDK and the widgets always say the same thing.
 */
import type { Attestation, ConsentPurpose } from '@tract/sdk/schema';

export interface WidgetMessages {
  /** BCP 47 tag used for `Intl` formatting and sent as the consent language. */
  locale: string;
  field: {
    givenName: string;
    familyName: string;
    email: string;
    phone: string;
    phoneHint: string;
    postalCode: string;
    /** Street address and town: asked of donors to French campaigns, for the tax receipt. */
    address: string;
    locality: string;
    comment: string;
    isPublic: string;
    guests: string;
    employer: string;
    occupation: string;
    optional: string;
    honeypot: string;
  };
  /** The checkbox text for each purpose; this exact text is hashed as proof of consent. */
  consent: Record<ConsentPurpose, (controller: string) => string>;
  consentLegend: string;
  /** The information notice (GDPR art. 13) shown above every submit button. */
  notice: (controller: string) => string;
  privacyLink: string;
  configError: (missing: string) => string;
  errorSummary: (count: number) => string;
  submitting: string;
  queued: string;
  failed: string;
  retry: string;
  /** Shown once an action waits for the person's confirmation by email (double opt-in). */
  confirmByEmail: string;
  signup: { submit: string; success: string };
  petition: {
    submit: string;
    signatures: (count: number, goal: number) => string;
    progressLabel: string;
    thanks: string;
    share: string;
    shareVia: (network: string) => string;
    closed: string;
    loadFailed: string;
  };
  donate: {
    amountLegend: string;
    otherAmount: string;
    otherAmountLabel: string;
    recurrenceLegend: string;
    oneOff: string;
    monthly: string;
    attestationsLegend: string;
    attestation: Record<Attestation, string>;
    capInfo: (cap: string, rule: string) => string;
    capWarning: (cap: string) => string;
    permissibilityInfo: (threshold: string) => string;
    employerInfo: (threshold: string) => string;
    review: string;
    reviewHeading: string;
    reviewAmount: (amount: string, monthly: boolean) => string;
    edit: string;
    confirm: string;
    redirecting: string;
    continueToPayment: string;
  };
  rsvp: {
    when: string;
    where: string;
    places: string;
    submit: string;
    remaining: (count: number) => string;
    full: string;
    waitlistSubmit: string;
    accepted: string;
    waitlisted: string;
    addToCalendar: string;
    closed: string;
    loadFailed: string;
  };
}
