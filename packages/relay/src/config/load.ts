/** Reads and validates `tract.config.json`, with errors that name the bad key. */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
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

/** Reads, parses and validates the configuration file at `path`. */
export function loadConfigFile(path: string): RelayConfig {
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
  return parseConfig(json, path);
}

export type { RelayConfig, RelayConfigInput };
