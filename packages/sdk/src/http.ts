/** HTTP facts every backend shares: which statuses are worth retrying, and how long to wait. */
import { TractNetworkError } from './errors.js';

/** Network errors, 408, 429 and 5xx may pass; every other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * `Retry-After` in milliseconds: either delta-seconds or an HTTP date.
 * @param now the current time, for HTTP dates
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wraps a failed `fetch` (DNS, refused connection, abort by timeout) as a retryable error. */
export function networkFailure(backend: string, cause: unknown): TractNetworkError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new TractNetworkError({ message: `${backend}: the request did not complete (${reason}).`, cause });
}

/** A retryable HTTP answer (408, 429, 5xx) as an error carrying its Retry-After. */
export function retryableResponse(backend: string, response: Response): TractNetworkError {
  return new TractNetworkError({
    code: response.status === 429 ? 'rate_limited' : 'unavailable',
    message: `${backend}: HTTP ${response.status}, will retry.`,
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}
