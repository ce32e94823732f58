/** The signup action: someone joins the campaign's list. */
import * as z from 'zod/mini';
import { consentSchema } from './consent.js';
import { tags } from './fields.js';
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

export type Signup = z.infer<typeof signupSchema>;
export type SignupInput = z.input<typeof signupSchema>;
