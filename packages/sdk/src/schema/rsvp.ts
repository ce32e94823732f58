/** The event RSVP action. */
import * as z from 'zod/mini';
import { RSVP_STATUSES } from './choices.js';
import { consentSchema } from './consent.js';
import { objectId, tags } from './fields.js';
import { personSchema } from './person.js';
import { sourceSchema } from './source.js';

export { RSVP_STATUSES } from './choices.js';

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

export type Rsvp = z.infer<typeof rsvpSchema>;
export type RsvpInput = z.input<typeof rsvpSchema>;
