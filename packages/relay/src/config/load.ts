/** Reads and validates `tract.config.json`, with errors that name the bad key. */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { isLoopback } from '../mail/config.js';
import { type RelayConfig, type RelayConfigInput, relayConfigSchema } from './schema.js';

/** The configuration is wrong; the message names every bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a parsed configuration object. */
export function parseConfig(input: unknown, source = 'tract.config.json'): RelayConfig {
  const result = z.safeParse(relayConfigSchema, input);
  if (result.success) {
    assertUniqueIds(result.data, source);
    assertMailSetup(result.data, source);
    assertDatabase(result.data, source);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys')
      return `${issue.keys.map((k) => (path === '(root)' ? k : `${path}.${k}`)).join(', ')}: unknown key (check its spelling against the relay README)`;
    return `${path}: ${describe(issue)}`;
  });
  throw new ConfigError(`${source} is invalid:\n  - ${problems.join('\n  - ')}`);
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (a ${issue.expected})` : `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'has an unknown "type" or options that do not match it';
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'custom':
      // Checks that know what is wrong say it in a sentence of their own.
      return issue.params?.explained ? issue.message : 'has an invalid value (see the relay README for the expected format)';
    default:
      return 'has an invalid value (see the relay README for the expected format)';
  }
}

function assertUniqueIds(config: RelayConfig, source: string): void {
  for (const key of ['petitions', 'events'] as const) {
    const seen = new Set<string>();
    for (const item of config[key]) {
      if (seen.has(item.id)) throw new ConfigError(`${source} is invalid:\n  - ${key}: the id "${item.id}" is used twice`);
      seen.add(item.id);
    }
  }
}

/** The forms that ask people to confirm by email, by their key in the configuration. */
export function doubleOptInForms(config: RelayConfig): string[] {
  return [
    ...(config.signups.doubleOptIn ? ['signups.doubleOptIn'] : []),
    ...config.petitions.flatMap((petition, i) => (petition.doubleOptIn ? [`petitions.${i}.doubleOptIn`] : [])),
    ...config.events.flatMap((event, i) => (event.doubleOptIn ? [`events.${i}.doubleOptIn`] : [])),
    ...(config.donations?.doubleOptIn ? ['donations.doubleOptIn'] : []),
  ];
}

/**
 * Double opt-in needs mail, and mail needs the links' address and the
 * campaign's identity: a relay that could not send confirmation messages
 * would accept signups that can never count.
 */
function assertMailSetup(config: RelayConfig, source: string): void {
  const problems: string[] = [];
  const forms = doubleOptInForms(config);
  if (!config.smtp && forms.length > 0) {
    const defaulted = forms[0] === 'signups.doubleOptIn' && config.signups.doubleOptIn ? ' (on by default)' : '';
    problems.push(
      `${forms.join(', ')}${defaulted}: double opt-in sends a confirmation message, and no "smtp" server is configured. ` +
        'Either configure "smtp" (with "publicUrl" and "campaign"; see "Mail" in the relay README), ' +
        `or set ${forms.map((form) => `${form}: false`).join(', ')} to accept these forms without confirming the address.`,
    );
  }
  if (config.smtp) {
    if (!config.publicUrl) problems.push('publicUrl: is required with "smtp": the links in messages point to the relay at this address');
    if (!config.campaign) {
      problems.push(
        'campaign: is required with "smtp": every message names the campaign and its data controller and links its privacy policy',
      );
    }
    if (config.smtp.security === 'none' && !isLoopback(config.smtp.host)) {
      problems.push(
        'smtp.security: "none" sends addresses and passwords in clear; use "starttls" or "tls" for a server that is not on this machine',
      );
    }
    if ((config.smtp.user === undefined) !== (config.smtp.passwordEnv === undefined)) {
      problems.push(
        'smtp.user, smtp.passwordEnv: give both (the password is read from the environment variable passwordEnv names) or neither',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(`${source} is invalid:\n  - ${problems.join('\n  - ')}`);
}

/** `database.url` names a PostgreSQL server and holds no password: a configuration file is shared and committed. */
function assertDatabase(config: RelayConfig, source: string): void {
  const url = config.database?.url;
  if (url === undefined) return;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {}
  if (!parsed || !/^postgres(ql)?:$/i.test(parsed.protocol)) {
    throw new ConfigError(
      `${source} is invalid:\n  - database.url: must be a PostgreSQL URL such as postgres://tract@db.example.org:5432/tract ` +
        '(leave "database" out to keep the embedded SQLite file)',
    );
  }
  if (parsed.password !== '') {
    throw new ConfigError(
      `${source} is invalid:\n  - database.url: must not hold a password (a configuration file gets shared and committed). ` +
        'Remove it and set PGPASSWORD in the environment, or give the whole URL in TRACT_DATABASE_URL instead',
    );
  }
}

/** Reads and parses the JSON of the configuration file at `path`, without validating it. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration ${path}: ${(error as Error).message}. Pass --config <file> or create it.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return json;
}

/** Reads, parses and validates the configuration file at `path`. */
export function loadConfigFile(path: string): RelayConfig {
  return parseConfig(readConfigFile(path), path);
}

export type { RelayConfig, RelayConfigInput };
