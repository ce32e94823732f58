/** One entry point to validate any action, shared by the client, the relay and the widgets. */
import type * as z from 'zod/mini';
import { issueMessages, resolveLocale } from '../messages/index.js';
import type { FieldIssue } from './codes.js';
import { type ActionData, type ActionKind, actionSchemas } from './envelope.js';
import { fieldIssuesFrom } from './issues.js';
import { parseWith } from './parse.js';

export type ValidationResult<K extends ActionKind> = { ok: true; data: ActionData[K] } | { ok: false; issues: FieldIssue[] };

/**
 * Validates and normalises `input` as an action of `kind`, synchronously,
 * with every schema and both locales loaded (servers). Browser code that
 * should download only what it uses calls `validateActionOnDemand`.
 * @param locale language of the issue messages (`en` or `fr`; other tags fall back to English)
 */
export function validateAction<K extends ActionKind>(kind: K, input: unknown, locale = 'en'): ValidationResult<K> {
  const schema = actionSchemas[kind] as unknown as z.ZodMiniType<ActionData[K]>;
  return parseWith(schema, input, issueMessages[resolveLocale(locale)]);
}

/** Tract field issues from zod's, worded in `locale` (`en` or `fr`; other tags fall back to English). */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], locale = 'en'): FieldIssue[] {
  return fieldIssuesFrom(issues, issueMessages[resolveLocale(locale)]);
}
