/** Body parsing with bounded size and precise statuses: too large → 413, unparsable → 400. */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { bodyParserError } from '../http/errors.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Keeps the exact bytes (signatures are computed over them) as a Buffer in req.body. */
export function rawBody(limitBytes = DEFAULT_BODY_LIMIT): RequestHandler {
  return express.raw({ type: () => true, limit: limitBytes });
}

export function jsonBody(limitBytes = DEFAULT_BODY_LIMIT): RequestHandler {
  // Any content type: some platforms and tools omit or vary the header.
  return express.json({ type: () => true, limit: limitBytes, strict: true });
}

/** Maps body-parser failures to statuses in the one error shape; everything else goes on to the app's handler. */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const parsed = bodyParserError(error);
  if (parsed) return void res.status(parsed.status).json(parsed.body);
  next(error);
};
