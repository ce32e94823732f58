/**
 * Turns zod's issues into Tract field issues: one stable code per field, a
 * message in the reader's language. Checks carry their Tract code as their
 * error; the few zod raises on its own are mapped here.
 */
import type * as z from 'zod/mini';
import type { IssueMessages } from '../messages/types.js';
import { type FieldIssue, ISSUE_CODES, type IssueCode } from './codes.js';

type ZodIssue = z.core.$ZodIssue;

function codeOf(issue: ZodIssue): IssueCode {
  // A value of the wrong type or outside an enum that is simply absent was forgotten, not mistyped.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return 'required';
  if ((ISSUE_CODES as readonly string[]).includes(issue.message)) return issue.message as IssueCode;
  switch (issue.code) {
    case 'invalid_type':
      return 'invalid_type';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'too_big':
      return issue.origin === 'string' ? 'too_long' : issue.origin === 'array' ? 'too_many' : 'too_large';
    case 'too_small':
      return issue.origin === 'string' ? 'too_short' : issue.origin === 'array' ? 'too_few' : 'too_small';
    case 'invalid_value':
      return 'invalid_choice';
    default:
      return 'invalid_input';
  }
}

function paramsOf(issue: ZodIssue): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  const raw = issue as unknown as Record<string, unknown>;
  if (issue.code === 'too_big') params.max = Number(raw.maximum);
  if (issue.code === 'too_small') params.min = Number(raw.minimum);
  const extra = raw.params;
  if (extra && typeof extra === 'object') {
    for (const [key, value] of Object.entries(extra)) {
      if (typeof value === 'string' || typeof value === 'number') params[key] = value;
    }
  }
  return params;
}

/**
 * Field issues from a failed parse, at most one per field (the first, which
 * is the most fundamental: a missing value before a malformed one), worded by `messages`.
 */
export function fieldIssuesFrom(issues: readonly ZodIssue[], messages: IssueMessages): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const segments of paths) {
      const path = segments.map(String).join('.');
      if (byPath.has(path)) continue;
      const code = codeOf(issue);
      const params = paramsOf(issue);
      const fieldIssue: FieldIssue = { path, code, message: messages[code](params) };
      if (Object.keys(params).length > 0) fieldIssue.params = params;
      byPath.set(path, fieldIssue);
    }
  }
  return [...byPath.values()];
}
