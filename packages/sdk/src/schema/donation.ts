/** The donation pledge action and its campaign-finance compliance. */
import * as z from 'zod/mini';
import { RECURRENCES } from './choices.js';
import { ATTESTATIONS, COMPLIANCE_PROFILE_IDS, COMPLIANCE_PROFILES } from './compliance.js';
import { consentSchema } from './consent.js';
import { inPackedList, line, tags } from './fields.js';
import { personSchema } from './person.js';
import { sourceSchema } from './source.js';
import { cleanLine } from './text.js';

export { RECURRENCES } from './choices.js';

/** ISO 4217 active currency codes. */
const CURRENCIES =
  'AEDAFNALLAMDAOAARSAUDAWGAZNBAMBBDBDTBHDBIFBMDBNDBOBBRLBSDBTNBWPBYNBZDCADCDFCHFCLPCNYCOPCRCCUPCVECZKDJFDKKDOPDZDEGPERNETBEURFJDFKPGBPGELGHSGIPGMDGNFGTQGYDHKDHNLHTGHUFIDRILSINRIQDIRRISKJMDJODJPYKESKGSKHRKMFKPWKRWKWDKYDKZTLAKLBPLKRLRDLSLLYDMADMDLMGAMKDMMKMNTMOPMRUMURMVRMWKMXNMYRMZNNADNGNNIONOKNPRNZDOMRPABPENPGKPHPPKRPLNPYGQARRONRSDRUBRWFSARSBDSCRSDGSEKSGDSHPSLESOSSRDSSPSTNSVCSYPSZLTHBTJSTMTTNDTOPTRYTTDTWDTZSUAHUGXUSDUYUUZSVESVNDVUVWSTXAFXCDXOFXPFYERZARZMWZWG';

const currency = /* @__PURE__ */ (() =>
  z.string({ error: 'invalid_type' }).check(
    z.overwrite((v) => cleanLine(v).toUpperCase()),
    z.regex(/^[A-Z]{3}$/, { error: 'invalid_currency' }),
    z.refine((v) => inPackedList(CURRENCIES, v), { error: 'invalid_currency' }),
  ))();

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

export type Donation = z.infer<typeof donationSchema>;
export type DonationInput = z.input<typeof donationSchema>;
