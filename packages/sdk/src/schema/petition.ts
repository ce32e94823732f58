/** The petition signature action. */
import * as z from 'zod/mini';
import { consentSchema } from './consent.js';
import { objectId, paragraph, tags } from './fields.js';
import { personSchema } from './person.js';
import { sourceSchema } from './source.js';

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

export type PetitionSignature = z.infer<typeof petitionSignatureSchema>;
export type PetitionSignatureInput = z.input<typeof petitionSignatureSchema>;
