/**
 * One bound on request bodies for every route, checked from Content-Length before any router
 * runs: a declared body over the limit is refused with 413 without being read. Body parsers
 * enforce the same or smaller limits on bodies sent without a length (chunked).
 */
import type { RequestHandler } from 'express';
import { sendError } from './errors.ts';

export function bodySizeLimit(options: { maxBytes: number; exceptions?: { path: string; maxBytes: number }[] }): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.get('content-length') ?? 0);
    const limit = options.exceptions?.find((e) => req.path === e.path || req.path.startsWith(`${e.path}/`))?.maxBytes ?? options.maxBytes;
    if (!Number.isFinite(declared) || declared <= limit) return next();
    // The unread body would keep the connection busy; close it after the answer.
    sendError(res.set('Connection', 'close'), 413, 'payload_too_large', `request body over ${limit} bytes`);
  };
}
