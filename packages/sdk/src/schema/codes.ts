/**
 * Stable issue codes. UIs translate by code, never by message text, so these
 * strings are part of the public contract (PROTOCOL.md lists them).
 */
export const ISSUE_CODES = [
  'required',
  'invalid_type',
  'unknown_field',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'too_small',
  'too_large',
  'not_integer',
  'invalid_choice',
  'invalid_name',
  'invalid_text',
  'invalid_email',
  'email_local_too_long',
  'email_domain_confusable',
  'invalid_phone',
  'invalid_postal_code',
  'invalid_country',
  'invalid_language',
  'invalid_currency',
  'currency_mismatch',
  'invalid_url',
  'invalid_id',
  'invalid_tag',
  'invalid_handle',
  'invalid_hash',
  'invalid_date',
  'consent_not_explicit',
  'duplicate',
  'attestation_missing',
  'employer_required',
  'occupation_required',
  'cap_exceeded',
  'invalid_input',
] as const;

/** A stable, translatable code naming what is wrong with one field. */
export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem with one field of a submission. */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `person.email` or `consent.0.textHash`. */
  path: string;
  /** Stable code; translate with `messageFor(code, locale, params)`. */
  code: IssueCode;
  /** Human-readable message in the requested locale. */
  message: string;
  /** Limits and values the message refers to (e.g. `{ max: 100 }`). */
  params?: Record<string, string | number>;
}
