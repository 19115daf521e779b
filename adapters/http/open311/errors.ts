/**
 * An error answered in the spec's `[{code, description}]` shape with the matching HTTP status.
 * Each entry also carries the project's `{ error, reason, field? }` so one client check fits every router.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 422 | 429,
    readonly description: string,
    readonly field?: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

const CODES: Record<number, string> = { 400: 'invalid_request', 403: 'forbidden', 404: 'not_found', 422: 'idempotency_conflict', 429: 'rate_limited', 413: 'payload_too_large', 500: 'internal_error', 503: 'unavailable' };

/** One entry of the `errors` list. */
export function errorEntry(status: number, description: string, field?: string) {
  return { code: status, description, error: CODES[status] ?? 'bad_request', reason: description, ...(field ? { field } : {}) };
}
