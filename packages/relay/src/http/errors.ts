/** The one error shape every relay error answers with (PROTOCOL.md, "Errors"). */
import type { FieldIssue } from '@tract/sdk/schema';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorMessage, localeOf } from './messages.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: FieldIssue[]; rule?: string };
}

export interface ErrorDetails {
  issues?: FieldIssue[];
  rule?: string;
  /** Seconds, for 429 and 503. */
  retryAfter?: number;
}

/** Builds the error body in the reader's language. */
export function errorBody(code: ErrorCode, acceptLanguage: string | undefined, details: ErrorDetails = {}): ErrorBody {
  const body: ErrorBody = { error: { code, message: errorMessage(code, localeOf(acceptLanguage)) } };
  if (details.issues) body.error.issues = details.issues;
  if (details.rule) body.error.rule = details.rule;
  return body;
}

/** Answers an error in the language of the request's `Accept-Language`. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, details: ErrorDetails = {}): Response {
  if (details.retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, Math.ceil(details.retryAfter))));
  // The rest of an oversized body is never read: closing the connection is how to stop it.
  if (status === 413) c.header('Connection', 'close');
  return c.json(errorBody(code, c.req.header('accept-language'), details), status);
}

/** Thrown anywhere in a request to answer with a protocol error. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    readonly details: ErrorDetails = {},
  ) {
    super(code);
  }
}
