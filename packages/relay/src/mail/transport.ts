/** The SMTP connection, from `smtp` in the config and the password from the environment. */
import nodemailer, { type Transporter } from 'nodemailer';
import { ConfigError } from '../config/load.js';
import { type SmtpConfig, smtpPortOf } from './config.js';

/** Builds the nodemailer transport `smtp` describes; `env` holds the password `passwordEnv` names. */
export function transportFromConfig(smtp: SmtpConfig, env: Record<string, string | undefined>): Transporter {
  let auth: { user: string; pass: string } | undefined;
  if (smtp.user !== undefined && smtp.passwordEnv !== undefined) {
    const pass = env[smtp.passwordEnv];
    if (!pass) {
      throw new ConfigError(`smtp.passwordEnv names ${smtp.passwordEnv}, which is not set: put the SMTP password of "${smtp.user}" in it.`);
    }
    auth = { user: smtp.user, pass };
  }
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtpPortOf(smtp),
    secure: smtp.security === 'tls',
    // With `starttls` an upgrade the server does not offer is a failure, never a fallback to clear text.
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(auth ? { auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
