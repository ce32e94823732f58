/**
 * The action envelope every backend receives, and the bot signals a public
 * form sends beside it.
 */
import * as z from 'zod/mini';
import { contactSchema, donationSchema, fieldResultSchema, petitionSignatureSchema, rsvpSchema, signupSchema } from './actions.js';
import { actionId, timestamp } from './stamps.js';

/** Every action kind, keyed to its schema. */
export const actionSchemas = {
  signup: signupSchema,
  petition_signature: petitionSignatureSchema,
  rsvp: rsvpSchema,
  donation: donationSchema,
  contact: contactSchema,
  field_result: fieldResultSchema,
} as const;

export type ActionKind = keyof typeof actionSchemas;
export const ACTION_KINDS = Object.keys(actionSchemas) as ActionKind[];

/** The validated data of each kind of action. */
export type ActionData = { [K in ActionKind]: z.infer<(typeof actionSchemas)[K]> };
/** What callers pass in for each kind (before defaults and normalisation). */
export type ActionInput = { [K in ActionKind]: z.input<(typeof actionSchemas)[K]> };

/**
 * One submission, as every backend receives it and as the signed webhook
 * posts it. `id` is a client-generated UUID, also sent as `Idempotency-Key`.
 */
export type TractAction<K extends ActionKind = ActionKind> = {
  [P in K]: { id: string; kind: P; submittedAt: string; data: ActionData[P] };
}[K];

/**
 * Signals a public form reports so the relay can tell people from bots. They
 * travel in the reserved `bot` member of a public POST body, never to a CRM.
 */
export const botSignalsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    /** A solved ALTCHA challenge (base64 JSON payload) from `GET /v1/challenge`. */
    challenge: z.optional(z.string({ error: 'invalid_type' }).check(z.maxLength(4096, { error: 'too_long' }))),
    /** Value of the hidden honeypot field: people leave it empty. */
    honeypot: z.optional(z.string({ error: 'invalid_type' }).check(z.maxLength(1000, { error: 'too_long' }))),
    /** Milliseconds between the form being shown and submitted. */
    fillMs: z.optional(z.number({ error: 'invalid_type' }).check(z.int({ error: 'not_integer' }), z.gte(0, { error: 'too_small' }))),
  }))();
export type BotSignals = z.infer<typeof botSignalsSchema>;

/** The envelope itself, for receivers that validate what a webhook delivers. */
export const actionEnvelopeSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: actionId,
    kind: z.enum(['signup', 'petition_signature', 'rsvp', 'donation', 'contact', 'field_result'], { error: 'invalid_choice' }),
    submittedAt: timestamp,
    data: z.unknown(),
  }))();
