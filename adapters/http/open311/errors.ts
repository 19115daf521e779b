/**
 * An error answered in the spec's `[{code, description}]` shape with the matching HTTP status.
 * Open311 clients parse that list strictly, so no project-specific keys are added to it.
 */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 422 | 429,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}

/** One entry of the spec's `errors` list. */
export function errorEntry(status: number, description: string): { code: number; description: string } {
  return { code: status, description };
}
