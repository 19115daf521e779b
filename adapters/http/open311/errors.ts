/** An error answered in the spec's `[{code, description}]` shape with the matching HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 422 | 429,
    readonly description: string,
  ) {
    super(description);
    this.name = 'Open311Error';
  }
}
