/** Errors the handoff store raises on purpose; the HTTP edge chooses the status. */
export class HandoffError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

export class HandoffNotFoundError extends HandoffError {
  constructor(id: string) {
    super('not-found', `No handoff ${id}`);
    this.name = 'HandoffNotFoundError';
  }
}

/** The handoff is closed, or another staff member holds it. */
export class HandoffConflictError extends HandoffError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'HandoffConflictError';
  }
}
