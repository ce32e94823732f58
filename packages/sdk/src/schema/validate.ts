/** One entry point to validate any action, shared by the client, the relay and the widgets. */
import * as z from 'zod/mini';
import type { FieldIssue } from './codes.js';
import { type ActionData, type ActionKind, actionSchemas } from './envelope.js';
import { toFieldIssues } from './issues.js';

export type ValidationResult<K extends ActionKind> = { ok: true; data: ActionData[K] } | { ok: false; issues: FieldIssue[] };

/**
 * Validates and normalises `input` as an action of `kind`.
 * @param locale language of the issue messages (`en` or `fr`; other tags fall back to English)
 */
export function validateAction<K extends ActionKind>(kind: K, input: unknown, locale = 'en'): ValidationResult<K> {
  const schema = actionSchemas[kind] as unknown as z.ZodMiniType<ActionData[K]>;
  // reportInput lets toFieldIssues tell a missing value (`required`) from a wrong one (`invalid_type`).
  const result = z.safeParse(schema, input, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: toFieldIssues(result.error.issues, locale) };
}
