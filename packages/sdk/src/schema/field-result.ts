/**
 * The field result action: what a volunteer recorded after one call or one
 * door in field mode. It names the person only by `ref`, the opaque reference
 * of their place in the volunteer's slice: the relay, which knows who that is,
 * attaches the person when it forwards the result.
 */
import * as z from 'zod/mini';
import { FIELD_OUTCOMES } from './choices.js';
import { paragraph } from './fields.js';
import { actionId, timestamp } from './stamps.js';

export { FIELD_OUTCOMES, type FieldOutcome } from './choices.js';

/** The outcome and answers of one call or visit. */
export const fieldResultSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** The person's reference in the volunteer's slice (never their id in the relay). */
    ref: actionId,
    outcome: z.enum(FIELD_OUTCOMES, { error: 'invalid_choice' }),
    /** 1 (opposed) to 5 (strong supporter). */
    supportLevel: z.optional(
      z
        .number({ error: 'invalid_type' })
        .check(z.int({ error: 'not_integer' }), z.gte(1, { error: 'too_small' }), z.lte(5, { error: 'too_large' })),
    ),
    willVolunteer: z.optional(z.boolean({ error: 'invalid_type' })),
    yardSign: z.optional(z.boolean({ error: 'invalid_type' })),
    note: z.optional(paragraph(1000)),
    /** When the volunteer recorded it (the queue may post it later). */
    recordedAt: timestamp,
  }))();

export type FieldResult = z.infer<typeof fieldResultSchema>;
export type FieldResultInput = z.input<typeof fieldResultSchema>;

/**
 * A field result as the relay forwards it to a CRM or webhook: the volunteer's
 * result, plus the person the relay knows behind `ref` (from its own record,
 * never from the volunteer) and the kind of list it came from.
 */
export type ForwardedFieldResult = FieldResult & {
  person?: { email: string; givenName?: string; familyName?: string; phone?: string };
  list?: { id: string; name: string; kind: 'call' | 'door' };
};
