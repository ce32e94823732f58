/**
 * The three ways a submission can fail, as types a caller can branch on:
 * the input was invalid (fix it), the backend refused it for good (show its
 * reason), or the network failed (it may be queued and retried).
 */
import type { FieldIssue } from './schema/codes.js';

/** Base class of every error Tract throws on purpose. */
export class TractError extends Error {
  /** Stable machine-readable code, e.g. `invalid_input`, `rate_limited`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The input failed validation; nothing was sent. */
export class TractValidationError extends TractError {
  /** One entry per invalid field, with a stable code and a translated message. */
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], message = 'The submission has invalid fields.') {
    super('invalid_input', `${message} ${issues.map((i) => `${i.path || '(root)'}: ${i.code}`).join('; ')}`);
    this.issues = issues;
  }
}

/** The backend refused the submission permanently: retrying the same request cannot succeed. */
export class TractRejectedError extends TractError {
  /** HTTP status the backend answered (0 when the refusal happened before any request). */
  readonly status: number;
  /** Field issues the backend reported, mapped to Tract paths where possible. */
  readonly issues: FieldIssue[];
  /** The campaign rule that refused it (donation caps), when there is one. */
  readonly rule: string | undefined;
  /** The configuration setting to fix (`token`, `apiKey`, `secret`...) when credentials were refused. */
  readonly setting: string | undefined;
  constructor(init: { status: number; code: string; message: string; issues?: FieldIssue[]; rule?: string; setting?: string }) {
    super(init.code, init.message);
    this.status = init.status;
    this.issues = init.issues ?? [];
    this.rule = init.rule;
    this.setting = init.setting;
  }
}

/**
 * The submission could not be delivered for a reason that may pass: no
 * network, a timeout, 408, 429 or 5xx. Safe to retry with the same key.
 */
export class TractNetworkError extends TractError {
  /** HTTP status when the backend answered at all. */
  readonly status: number | undefined;
  /** How long the backend asked to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(init: { code?: string; message: string; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(init.code ?? 'network_error', init.message, { cause: init.cause });
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
  }
}
