import type { TicketStatus } from './types.ts';

/** Base of every error the ticket store raises on purpose; HTTP status is chosen at the edge. */
export class TicketError extends Error {
  constructor(
    readonly code: 'not-found' | 'illegal-transition' | 'invalid' | 'conflict',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TicketError';
  }
}

export class TicketNotFoundError extends TicketError {
  constructor(readonly ref: string) {
    super('not-found', `No ticket ${ref}`);
    this.name = 'TicketNotFoundError';
  }
}

export class IllegalTransitionError extends TicketError {
  constructor(
    readonly from: TicketStatus,
    readonly to: TicketStatus,
  ) {
    super('illegal-transition', `A ticket cannot go from ${from} to ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export class InvalidTicketError extends TicketError {
  constructor(message: string) {
    super('invalid', message);
    this.name = 'InvalidTicketError';
  }
}

/** The idempotency key was used before for a different request. */
export class IdempotencyConflictError extends TicketError {
  constructor(readonly key: string) {
    super('conflict', 'this idempotency key was already used for a different request');
    this.name = 'IdempotencyConflictError';
  }
}

/** The channel refused for good (e.g. outside Zalo's 48 h window): retrying will not help. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
