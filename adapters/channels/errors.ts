/**
 * Errors typed by who failed. HTTP statuses are chosen only at the webhook edge.
 * Messages must never carry tokens, file URLs with tokens, or phone numbers.
 */
import { redact } from '../../bot/privacy/redact.ts';

export type ChannelName = 'telegram' | 'botframework' | 'zalo' | 'web';

/** The platform answered, with an error. */
export class PlatformError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlatformError';
  }
}

/** We could not reach the platform (DNS, TCP, timeout). Worth retrying. */
export class NetworkError extends Error {
  constructor(
    readonly channel: ChannelName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

/** A request or payload failed our validation. */
export class ValidationError extends Error {
  constructor(
    readonly channel: ChannelName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ValidationError';
  }
}

/** Short description of an unknown failure that is safe to log. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof PlatformError) return { kind: error.name, channel: error.channel, code: error.code, message: error.message };
  if (error instanceof Error) return { kind: error.name, message: redactSecrets(error.message) };
  return { kind: typeof error };
}

/** Masks bot tokens, access tokens and phone numbers (the project-wide redaction). */
export const redactSecrets = redact;
