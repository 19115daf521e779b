/** Body parsing with bounded size and precise statuses: too large → 413, unparsable → 400. */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Keeps the exact bytes (signatures are computed over them) as a Buffer in req.body. */
export function rawBody(limitBytes = DEFAULT_BODY_LIMIT): RequestHandler {
  return express.raw({ type: () => true, limit: limitBytes });
}

export function jsonBody(limitBytes = DEFAULT_BODY_LIMIT): RequestHandler {
  // Any content type: some platforms and tools omit or vary the header.
  return express.json({ type: () => true, limit: limitBytes, strict: true });
}

/** Maps body-parser failures to statuses; everything else goes on to the app's handler. */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') return void res.status(413).json({ error: 'payload too large' });
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return void res.status(400).json({ error: 'malformed body' });
  }
  if (type === 'request.aborted') return void res.status(400).end();
  next(error);
};
