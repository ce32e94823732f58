/**
 * What `tract.config.json` says about mail: the SMTP server (`smtp`), the
 * campaign that messages come from (`campaign`), and the address links point
 * to (`publicUrl`). Secrets come from the environment (`smtp.passwordEnv`).
 */
import * as z from 'zod/mini';

/** `https://`, or plain `http://` on this machine (the demo, a test). */
export const publicHttpUrl = z.string().check(
  z.refine((v) => {
    try {
      const url = new URL(v);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    } catch {
      return false;
    }
  }),
);

const emailAddress = z.string().check(z.regex(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/));
const envName = z.string().check(z.regex(/^[A-Z_][A-Z0-9_]*$/));

/**
 * How the connection to the SMTP server is protected: `tls` from the first
 * byte (port 465), `starttls` upgraded and required (port 587), `none` only
 * for a server on this machine. One key with three values, because a
 * `secure: false` that quietly sends in clear when the server offers no
 * STARTTLS is exactly the mistake to rule out.
 */
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export const smtpConfigSchema = z.strictObject({
  host: z.string().check(z.minLength(1)),
  /** Default: 465 for `tls`, 587 for `starttls`, 25 for `none`. */
  port: z.optional(z.number().check(z.int(), z.gte(1), z.lte(65535))),
  security: z._default(z.enum(SMTP_SECURITY), 'starttls'),
  user: z.optional(z.string().check(z.minLength(1))),
  /** The environment variable holding the password of `user`. */
  passwordEnv: z.optional(envName),
  /** The sender, e.g. `Lyon en commun <ne-pas-repondre@lyon-en-commun.fr>`. */
  from: z.string().check(z.maxLength(300), z.regex(/@[^@\s<>]+\.[^@\s<>]+>?$/)),
});

/** Who the campaign is, for the legal footer of every message and page (GDPR art. 13). */
export const campaignConfigSchema = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  /** The data controller, e.g. `Association de financement de la campagne de Camille Martin, 1 rue ..., Lyon`. */
  controller: z.string().check(z.minLength(1), z.maxLength(300)),
  privacyUrl: publicHttpUrl,
  /** Where people write about their data (also the Reply-To of messages). */
  contactEmail: z.optional(emailAddress),
});

export const confirmationConfigSchema = z._default(
  z.strictObject({
    /** How long a confirmation link works, in hours (at most 48). */
    linkHours: z._default(z.number().check(z.int(), z.gte(1), z.lte(48)), 48),
    /** Confirmation messages one address receives per 24 hours at most, whoever asks. */
    maxMailsPerDay: z._default(z.number().check(z.int(), z.gte(1), z.lte(20)), 3),
  }),
  { linkHours: 48, maxMailsPerDay: 3 },
);

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;
export type CampaignConfig = z.infer<typeof campaignConfigSchema>;

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}

/** The port to use when the config names none. */
export function smtpPortOf(smtp: SmtpConfig): number {
  return smtp.port ?? (smtp.security === 'tls' ? 465 : smtp.security === 'starttls' ? 587 : 25);
}
