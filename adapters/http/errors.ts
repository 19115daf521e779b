/**
 * The one error shape every router answers with: `{ error, reason, field? }`. `error` is a stable
 * machine code, `reason` a sentence for the developer calling us, `field` the input at fault.
 * Nothing else goes out: no stack, no internal message, no secret.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodIssue } from 'zod';
import type { Logger } from '../../bot/ports.ts';
import { redact } from '../../bot/privacy/redact.ts';

export interface ErrorBody {
  error: string;
  reason: string;
  field?: string;
}

export function errorBody(error: string, reason: string, field?: string): ErrorBody {
  return field ? { error, reason, field } : { error, reason };
}

export function sendError(res: Response, status: number, error: string, reason: string, field?: string): void {
  res.status(status).json(errorBody(error, reason, field));
}

/** The first zod issue as a 400 body naming the field (for a query, the parameter: `status`, not `status.0`). */
export function invalidRequest(issues: readonly ZodIssue[], fallbackField = 'body', parameterOnly = false): ErrorBody {
  const issue = issues[0];
  const path = parameterOnly ? issue?.path.slice(0, 1) : issue?.path;
  return errorBody('invalid_request', issue?.message ?? 'invalid request', path?.join('.') || fallbackField);
}

/** A thrown error with an HTTP status below 500 (body-parser's, or our own). */
export function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Body-parser failures mapped to the shape: too large → 413, unreadable → 400 or 415. */
export function bodyParserError(error: unknown): { status: number; body: ErrorBody } | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return { status: 413, body: errorBody('payload_too_large', 'request body is too large') };
  if (type === 'entity.parse.failed') return { status: 400, body: errorBody('invalid_json', 'request body is not valid JSON') };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return { status: 415, body: errorBody('unsupported_encoding', 'request body encoding or charset is not supported') };
  }
  if (type === 'request.aborted' || type === 'request.size.invalid' || type === 'stream.encoding.set') {
    return { status: 400, body: errorBody('bad_request', 'request body could not be read') };
  }
  if (type === 'parameters.too.many') return { status: 413, body: errorBody('payload_too_large', 'too many form parameters') };
  return undefined;
}

/**
 * The last error handler of a router or the app. Client errors keep their status with a generic
 * reason (their messages may quote input); anything else is a 500 whose details stay in the log.
 */
export function errorHandler(logger: Logger | undefined, label: string): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const parsed = bodyParserError(error);
    if (parsed) return void res.status(parsed.status).json(parsed.body);
    const status = clientErrorStatus(error);
    if (status === 404) return void sendError(res, 404, 'not_found', 'no such resource');
    if (status !== undefined) return void sendError(res, status, 'bad_request', 'the request could not be processed');
    logger?.error(`${label} failed`, { path: req.path, kind: (error as Error)?.name, error: redact(error instanceof Error ? error.message : String(error)) });
    sendError(res, 500, 'internal_error', 'something went wrong; it has been logged');
  };
}

/** PostgreSQL refuses U+0000 in text; nothing legitimate carries it, so it is refused up front. */
export const NUL = '\u0000';

export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes(NUL) || hasNul(v, depth + 1));
}

/** Refuses a request whose path or query carries a NUL byte (`%00`), before any router sees it. */
export const refuseNulInUrl: RequestHandler = (req, res, next) => {
  if (/%00/.test(req.originalUrl)) return void sendError(res, 400, 'invalid_request', 'the URL may not contain NUL characters', 'url');
  next();
};
