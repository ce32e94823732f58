/** The person behind an action, as they typed themselves in. */
import * as z from 'zod/mini';
import { country, email, language, line, personName, phone, postalCode } from './fields.js';

/** A supporter. Email is the match key for every public action. */
export const personSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    givenName: z.optional(personName),
    familyName: z.optional(personName),
    email,
    /** E.164, e.g. `+33612345678`. */
    phone: z.optional(phone),
    /** Street address, one to three lines (receipts for donations, door-to-door visits). */
    addressLines: z.optional(z.array(line(100)).check(z.minLength(1, { error: 'too_few' }), z.maxLength(3, { error: 'too_many' }))),
    /** Town or city of the street address. */
    locality: z.optional(line(100)),
    postalCode: z.optional(postalCode),
    /** ISO 3166-1 alpha-2, e.g. `FR`. */
    country: z.optional(country),
    /** The language the person reads, e.g. `fr`: used for every later message. */
    language: z.optional(language),
  }))();

export type Person = z.infer<typeof personSchema>;
export type PersonInput = z.input<typeof personSchema>;
