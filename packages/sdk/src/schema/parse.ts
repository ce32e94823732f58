/** Parsing with one schema, shared by the synchronous and the on-demand validators. */
import * as z from 'zod/mini';
import type { IssueMessages } from '../messages/types.js';
import type { FieldIssue } from './codes.js';
import { fieldIssuesFrom } from './issues.js';

/** Parses `input` with `schema`; failures become field issues worded by `messages`. */
export function parseWith<T>(
  schema: z.ZodMiniType<T>,
  input: unknown,
  messages: IssueMessages,
): { ok: true; data: T } | { ok: false; issues: FieldIssue[] } {
  // reportInput lets fieldIssuesFrom tell a missing value (`required`) from a wrong one (`invalid_type`).
  const result = z.safeParse(schema, input, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, issues: fieldIssuesFrom(result.error.issues, messages) };
}
