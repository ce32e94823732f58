/**
 * `tract.config.json`: everything a campaign configures. Secrets never live
 * here: they come from environment variables (see the README).
 */
import { COMPLIANCE_PROFILE_IDS, RECURRENCES } from '@tract/sdk/schema';
import * as z from 'zod/mini';
import { backendConfigSchema } from '../forwarding/config.js';
import { type TrustProxy, trustProxyProblem } from '../http/client-address.js';
import { campaignConfigSchema, confirmationConfigSchema, publicHttpUrl, smtpConfigSchema } from '../mail/config.js';
import { type PublicText, publicTextProblem } from './public-text.js';

const id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
const isoInstant = z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}/.test(v)));
const positiveInt = z.number().check(z.int(), z.gte(1));
const nonNegativeInt = z.number().check(z.int(), z.gte(0));

/** An origin is scheme + host (+ port), nothing else: `https://www.example.fr`. */
const origin = z.string().check(
  z.refine((v) => {
    if (v === 'null' || v.includes('*')) return false;
    try {
      return new URL(v).origin === v;
    } catch {
      return false;
    }
  }),
);

/**
 * A text the public reads (a title, a description, a place's name): one text
 * for every language, or one per language, keyed by its language code
 * (`{"fr": "Sauvons la rivière", "en": "Save the river"}`). The public facts
 * carry it as written, and each widget shows the text of its own language.
 * Checked by hand, so a wrong value gets a sentence saying what to write.
 */
const publicText = (required: boolean) =>
  z.pipe(
    z.unknown(),
    z.transform((value, ctx): PublicText => {
      const problem = publicTextProblem(value, required);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: value, params: { explained: true } });
      return value as PublicText;
    }),
  );

/** `trustProxy`, checked by hand so a wrong value gets a sentence saying what to write instead. */
const trustProxy = z.pipe(
  z.unknown(),
  z.transform((value, ctx): TrustProxy => {
    const problem = trustProxyProblem(value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: value, params: { explained: true } });
    return value as TrustProxy;
  }),
);

export const petitionConfigSchema = z.strictObject({
  id,
  title: publicText(true),
  description: z._default(publicText(false), ''),
  goal: z.nullable(positiveInt),
  open: z._default(z.boolean(), true),
  /** Signatures count (and are forwarded) only once the signer confirms by email. */
  doubleOptIn: z._default(z.boolean(), false),
});

export const eventConfigSchema = z.strictObject({
  id,
  title: publicText(true),
  description: z._default(publicText(false), ''),
  startsAt: isoInstant,
  endsAt: z.nullable(isoInstant),
  timeZone: z.string().check(z.minLength(1)),
  place: z.strictObject({ name: publicText(false), address: z.string() }),
  capacity: z.nullable(positiveInt),
  /** The most guests one RSVP may bring (at most 20, the most an RSVP can carry); 0 takes none. */
  maxGuests: z._default(nonNegativeInt.check(z.lte(20)), 4),
  open: z._default(z.boolean(), true),
  /** RSVPs take a seat (and are forwarded) only once the person confirms by email. */
  doubleOptIn: z._default(z.boolean(), false),
});

/** The payment providers a campaign can hand donors to (see `src/payments/`). */
export const PAYMENT_PROVIDERS = ['redirect', 'stripe', 'helloasso'] as const;

/** An API's base address: https, or plain http on this machine (a local stand-in). */
const apiUrl = z.string().check(z.regex(/^https:\/\/[^/?#]+$|^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/));

export const stripeConfigSchema = z._default(
  z.strictObject({
    /** Stripe's API (default `https://api.stripe.com`): only a local stand-in in tests and the demo changes it. */
    apiUrl: z._default(apiUrl, 'https://api.stripe.com'),
    /** The line the donor sees at the checkout, e.g. "Don à Lyon en commun". */
    productName: z._default(z.string().check(z.minLength(1), z.maxLength(200)), 'Donation'),
    /** How long a checkout stays open (Stripe accepts 30 minutes to 24 hours). */
    checkoutMinutes: z._default(z.number().check(z.int(), z.gte(30), z.lte(1440)), 60),
  }),
  { apiUrl: 'https://api.stripe.com', productName: 'Donation', checkoutMinutes: 60 },
);

export const helloassoConfigSchema = z.strictObject({
  /** The organization's slug in HelloAsso addresses (`https://www.helloasso.com/associations/<slug>`). */
  organizationSlug: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,199}$/)),
  /** HelloAsso's API (default `https://api.helloasso.com`; the sandbox is `https://api.helloasso-sandbox.com`). */
  apiUrl: z._default(apiUrl, 'https://api.helloasso.com'),
  /** The line the donor sees at the checkout. */
  itemName: z._default(z.string().check(z.minLength(1), z.maxLength(250)), 'Don'),
});

export const donationsConfigSchema = z
  .strictObject({
    profile: z.enum(COMPLIANCE_PROFILE_IDS),
    /** The election (or the year, for yearly profiles, is computed) a running total counts against. */
    election: z.string().check(z.minLength(1)),
    /**
     * When the election period ends (default: `retention.campaignEndsAt`): a
     * monthly gift counts every instalment due until then against the cap.
     */
    periodEndsAt: z.optional(isoInstant),
    /** Where the donor pays: `redirect` (the URL template below), `stripe` or `helloasso`. */
    provider: z._default(z.enum(PAYMENT_PROVIDERS), 'redirect'),
    /**
     * `redirect` only: where the donor pays. Placeholders: `{amount}` (minor units),
     * `{amountMajor}` (e.g. `25.00`), `{currency}`, `{recurrence}`, `{reference}` (the pledge id).
     */
    checkoutUrlTemplate: z.optional(z.string().check(z.regex(/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/))),
    /** Where the donor comes back when the page they gave from is unknown (a server posted the pledge). */
    returnUrl: z.optional(z.string().check(z.regex(/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/))),
    stripe: stripeConfigSchema,
    helloasso: z.optional(helloassoConfigSchema),
    recurrences: z._default(z.array(z.enum(RECURRENCES)), ['one_off', 'monthly']),
    /** Pledges are forwarded only once the donor confirms by email. */
    doubleOptIn: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((donations, ctx) => {
      if (donations.provider === 'redirect' && !donations.checkoutUrlTemplate) {
        ctx.issues.push({
          code: 'custom',
          path: ['checkoutUrlTemplate'],
          input: undefined,
          message:
            'The redirect provider needs checkoutUrlTemplate: the checkout address, e.g. "https://pay.example.fr/?amount={amount}&reference={reference}".',
          params: { explained: true },
        });
      }
      if (donations.provider === 'helloasso' && !donations.helloasso) {
        ctx.issues.push({
          code: 'custom',
          path: ['helloasso'],
          input: undefined,
          message: "The helloasso provider needs helloasso.organizationSlug: your organization's slug in its HelloAsso address.",
          params: { explained: true },
        });
      }
      if (donations.provider === 'helloasso' && donations.recurrences.includes('monthly')) {
        ctx.issues.push({
          code: 'custom',
          path: ['recurrences'],
          input: donations.recurrences,
          message: 'HelloAsso checkout intents take one-off payments only: set recurrences to ["one_off"].',
          params: { explained: true },
        });
      }
    }),
  );

export const signupsConfigSchema = z._default(
  z.strictObject({
    /** Signups count (and are forwarded, consent granted) only once the person confirms by email. */
    doubleOptIn: z._default(z.boolean(), true),
  }),
  { doubleOptIn: true },
);

export const retentionConfigSchema = z._default(
  z.strictObject({
    /** When the campaign ends: prospecting data (signups, signatures, RSVPs) expires then. */
    campaignEndsAt: z._default(isoInstant, '2027-12-31T23:59:59Z'),
    /** Contacts clipped without consent (6 months, CNIL). */
    contactDays: z._default(positiveInt, 183),
    /** Donation pledges (accounting rules keep them longer than the campaign). */
    donationDays: z._default(positiveInt, 365 * 6),
    /** Idempotency records (how long a retry is recognised). */
    idempotencyDays: z._default(positiveInt, 7),
    /** Actions never confirmed by email (and a person record only they used) are purged after this. */
    unconfirmedDays: z._default(z.number().check(z.int(), z.gte(2), z.lte(30)), 3),
  }),
  { campaignEndsAt: '2027-12-31T23:59:59Z', contactDays: 183, donationDays: 365 * 6, idempotencyDays: 7, unconfirmedDays: 3 },
);

export const rateLimitConfigSchema = z._default(
  z.strictObject({
    /** Requests per IP address per window. */
    perIp: z._default(positiveInt, 120),
    /**
     * Verified, valid submissions per form (signup, donation, each petition,
     * each event) per window, all addresses together, past which the form's
     * proof of work costs `challenge.hotCostFactor` times more (429 only with
     * challenges off).
     */
    perForm: z._default(positiveInt, 6000),
    windowSeconds: z._default(positiveInt, 60),
  }),
  { perIp: 120, perForm: 6000, windowSeconds: 60 },
);

export const challengeConfigSchema = z._default(
  z.strictObject({
    enabled: z._default(z.boolean(), true),
    /** PBKDF2 iterations per attempt. */
    cost: z._default(positiveInt, 5000),
    /** The solution counter is drawn from [0, maxCounter]: the expected work is half of it. */
    maxCounter: z._default(positiveInt, 50),
    expiresInSeconds: z._default(positiveInt, 600),
    /** How many times the cost a hot form's challenges take (see `rateLimits.perForm`). */
    hotCostFactor: z._default(z.number().check(z.int(), z.gte(2)), 10),
  }),
  { enabled: true, cost: 5000, maxCounter: 50, expiresInSeconds: 600, hotCostFactor: 10 },
);

export const botConfigSchema = z._default(
  z.strictObject({
    /** Submissions faster than this after the form was shown are bots. */
    minFillMs: z._default(nonNegativeInt, 1500),
  }),
  { minFillMs: 1500 },
);

export const commitQueueConfigSchema = z._default(
  z.strictObject({
    /**
     * A batch is written when it holds this many submissions... Not more: while
     * the worker commits one batch, the main thread validates the next, and
     * batches of hundreds left one side idle while the other worked.
     */
    maxBatch: z._default(positiveInt, 128),
    /** ...or this many milliseconds after its first one. */
    maxDelayMs: z._default(nonNegativeInt, 2),
  }),
  { maxBatch: 128, maxDelayMs: 2 },
);

export const consoleConfigSchema = z._default(
  z.strictObject({
    /** CSV exports of people one token may make per hour: a stolen token cannot take the whole file unnoticed. */
    exportsPerHour: z._default(positiveInt, 5),
    /** Rows in one CSV export at most. */
    exportMaxRows: z._default(positiveInt, 100_000),
  }),
  { exportsPerHour: 5, exportMaxRows: 100_000 },
);

export const relayConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  /** Origins allowed to post from a browser. Never `null`, never a wildcard. */
  origins: z.array(origin),
  backend: z._default(backendConfigSchema, { type: 'local' }),
  /** The relay's own public address, without a trailing slash: links in messages point here. */
  publicUrl: z.optional(publicHttpUrl),
  /** Who collects the data: named in every message and confirmation page. */
  campaign: z.optional(campaignConfigSchema),
  /** The SMTP server that sends confirmation messages. */
  smtp: z.optional(smtpConfigSchema),
  confirmation: confirmationConfigSchema,
  signups: signupsConfigSchema,
  petitions: z._default(z.array(petitionConfigSchema), []),
  events: z._default(z.array(eventConfigSchema), []),
  donations: z.optional(donationsConfigSchema),
  retention: retentionConfigSchema,
  rateLimits: rateLimitConfigSchema,
  challenge: challengeConfigSchema,
  bot: botConfigSchema,
  commitQueue: commitQueueConfigSchema,
  /** The organizer console's limits. */
  console: consoleConfigSchema,
  /**
   * The database, when not the embedded SQLite file: `{ "url": "postgres://user@host:5432/tract" }`.
   * The password never goes here: `PGPASSWORD`, or the whole URL in `TRACT_DATABASE_URL`.
   */
  database: z.optional(z.strictObject({ url: z.string() })),
  /** A request body that has not fully arrived after this long answers 408. */
  bodyTimeoutMs: z._default(positiveInt, 10_000),
  /**
   * The proxies in front of the relay, whose `X-Forwarded-For` entries are
   * believed: `false`, their number, or their addresses and CIDR ranges.
   */
  trustProxy: z._default(trustProxy, false),
  /** Write one JSON access-log line per request to stdout. */
  accessLog: z._default(z.boolean(), true),
});

export type RelayConfig = z.infer<typeof relayConfigSchema>;
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
export type PetitionConfig = z.infer<typeof petitionConfigSchema>;
export type EventConfig = z.infer<typeof eventConfigSchema>;
export type DonationsConfig = z.infer<typeof donationsConfigSchema>;
export type PaymentProviderId = (typeof PAYMENT_PROVIDERS)[number];
