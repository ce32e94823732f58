/**
 * Consent: proof, not a boolean. Each granted purpose names the exact text the
 * person saw (version, SHA-256 of the text, language), so the relay's
 * append-only consent log can demonstrate it (GDPR art. 7(1)).
 */
import * as z from 'zod/mini';
import { CONSENT_PURPOSES } from './choices.js';
import { language, line } from './fields.js';

export { CONSENT_PURPOSES, type ConsentPurpose } from './choices.js';

/** One purpose the person explicitly granted. */
export const consentGrantSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    purpose: z.enum(CONSENT_PURPOSES, { error: 'invalid_choice' }),
    /** Always `true`: consent is never implied, so a grant must say so explicitly. */
    granted: z.literal(true, { error: 'consent_not_explicit' }),
    /** Version label of the checkbox text shown, e.g. `newsletter-2026-09`. */
    textVersion: line(64),
    /** `sha256:` followed by the hex SHA-256 of the exact text shown (see `hashNoticeText`). */
    textHash: z.string({ error: 'invalid_type' }).check(z.regex(/^sha256:[0-9a-f]{64}$/, { error: 'invalid_hash' })),
    /** Language of the text shown. */
    language,
  }))();

/**
 * The purposes granted with this action. An empty list is a valid, explicit
 * "nothing granted"; a missing list is an error, so no caller can forget it.
 */
export const consentSchema = /* @__PURE__ */ (() =>
  z.array(consentGrantSchema).check(
    z.maxLength(CONSENT_PURPOSES.length, { error: 'too_many' }),
    z.refine((grants) => new Set(grants.map((g) => g.purpose)).size === grants.length, { error: 'duplicate' }),
  ))();

export type ConsentGrant = z.infer<typeof consentGrantSchema>;
export type Consent = z.infer<typeof consentSchema>;
