/**
 * Validation for browser pages: each kind's schema and each locale's messages
 * are separate modules, imported the first time they are needed, so a signup
 * page downloads the signup schema and one language, not the donation,
 * contact and compliance rules too; zod itself comes with the first schema,
 * so a page that never submits never downloads it. The result is the same as `validateAction`.
 */
import type * as z from 'zod/mini';
import { loadIssueMessages } from '../messages/locale.js';
import type { ActionData, ActionKind } from './envelope.js';
import type { ValidationResult } from './validate.js';

type SchemaLoaders = { [K in ActionKind]: () => Promise<z.ZodMiniType<ActionData[K]>> };

/**
 * `load`, run once and remembered once it succeeded: later validations cost
 * microtasks, not a module lookup each. A failure (the network dropped) is
 * forgotten, so the next call tries again.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}

// One literal `import()` per kind: bundlers split each into its own chunk.
const schemaLoaders: SchemaLoaders = {
  signup: once(async () => (await import('./signup.js')).signupSchema),
  petition_signature: once(async () => (await import('./petition.js')).petitionSignatureSchema),
  rsvp: once(async () => (await import('./rsvp.js')).rsvpSchema),
  donation: once(async () => (await import('./donation.js')).donationSchema),
  contact: once(async () => (await import('./contact.js')).contactSchema),
  field_result: once(async () => (await import('./field-result.js')).fieldResultSchema),
};
const loadParser = once(() => import('./parse.js'));

/**
 * Loads the schema of `kind` and the messages of `locale` (once each), then
 * validates and normalises `input` exactly as `validateAction` does.
 * @param locale language of the issue messages (`en` or `fr`; other tags fall back to English)
 */
export async function validateActionOnDemand<K extends ActionKind>(kind: K, input: unknown, locale = 'en'): Promise<ValidationResult<K>> {
  const [schema, messages, { parseWith }] = await Promise.all([schemaLoaders[kind](), loadIssueMessages(locale), loadParser()]);
  return parseWith(schema as z.ZodMiniType<ActionData[K]>, input, messages);
}

/**
 * Fetches the schemas of `kinds` (default: every kind), the messages of
 * `locale` and zod now, so that validating them later needs no network: a
 * person who loses the connection before submitting can still have their
 * action checked and queued.
 */
export async function preloadValidation(kinds?: readonly ActionKind[], locale = 'en'): Promise<void> {
  const wanted = kinds ?? (Object.keys(schemaLoaders) as ActionKind[]);
  await Promise.all([...wanted.map((kind) => schemaLoaders[kind]()), loadIssueMessages(locale), loadParser()]);
}
