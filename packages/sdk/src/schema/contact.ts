/** The social contact action: a person an organizer met on a social network. */
import * as z from 'zod/mini';
import { INTERACTIONS, LAWFUL_BASES, NETWORKS, OPINION_REVEALING_INTERACTIONS } from './choices.js';
import { isHttpUrl, line, paragraph, tags } from './fields.js';
import { timestamp } from './stamps.js';
import { cleanLine } from './text.js';

export {
  INTERACTIONS,
  type Interaction,
  LAWFUL_BASES,
  type LawfulBasis,
  NETWORKS,
  type Network,
  OPINION_REVEALING_INTERACTIONS,
} from './choices.js';

/** An http(s) URL kept as given (profile, post and avatar links). */
const httpUrl = /* @__PURE__ */ (() =>
  z
    .string({ error: 'invalid_type' })
    .check(z.overwrite(cleanLine), z.maxLength(2048, { error: 'too_long' }), z.refine(isHttpUrl, { error: 'invalid_url' })))();

/** A person an organizer met on a social network, logged one at a time by hand. */
export const contactSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      network: z.enum(NETWORKS, { error: 'invalid_choice' }),
      /** The account name without a leading `@` (`user@instance` on Mastodon). */
      handle: z.string({ error: 'invalid_type' }).check(
        z.overwrite((v) => v.trim().replace(/^@/, '')),
        z.regex(/^[\p{L}\p{N}._-]{1,100}(@[a-z0-9.-]{1,253})?$/u, { error: 'invalid_handle' }),
      ),
      displayName: line(200),
      profileUrl: httpUrl,
      /** Only when the organizer chose to keep the picture. */
      avatarUrl: z.optional(httpUrl),
      /** The post the interaction happened on. */
      postUrl: z.optional(httpUrl),
      interaction: z.enum(INTERACTIONS, { error: 'invalid_choice' }),
      note: z.optional(paragraph(2000)),
      tags: z.optional(tags),
      /** 1 (opposed) to 5 (strong supporter). */
      supportLevel: z.optional(
        z
          .number({ error: 'invalid_type' })
          .check(z.int({ error: 'not_integer' }), z.gte(1, { error: 'too_small' }), z.lte(5, { error: 'too_large' })),
      ),
      lawfulBasis: z.enum(LAWFUL_BASES, { error: 'invalid_choice' }),
      /** Whether the person has been told their data is held (GDPR art. 14). */
      informed: z.boolean({ error: 'invalid_type' }),
      /** The page the organizer clipped from. */
      sourcePageUrl: httpUrl,
      capturedAt: timestamp,
      /** Set by the schema from `interaction`: callers cannot clear it. */
      revealsPoliticalOpinion: z._default(z.boolean({ error: 'invalid_type' }), false),
    })
    .check(
      z.overwrite((contact) => ({
        ...contact,
        revealsPoliticalOpinion: contact.revealsPoliticalOpinion || OPINION_REVEALING_INTERACTIONS.includes(contact.interaction),
      })),
    ))();

export type Contact = z.infer<typeof contactSchema>;
export type ContactInput = z.input<typeof contactSchema>;
