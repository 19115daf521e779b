/** Zalo webhook signature check over the raw bytes, compared in constant time. */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { secureEqual } from '../channels/secure-compare.ts';
import { sendError } from '../http/errors.ts';
import { SIGNATURE_HEADER, SIGNATURE_PREFIX } from './protocol.ts';

export interface SignatureInput {
  appId: string;
  rawBody: Buffer;
  timestamp: string;
  oaSecretKey: string;
}

export function zaloSignature(input: SignatureInput): string {
  const hash = createHash('sha256')
    .update(input.appId, 'utf8')
    .update(input.rawBody)
    .update(input.timestamp, 'utf8')
    .update(input.oaSecretKey, 'utf8')
    .digest('hex');
  return SIGNATURE_PREFIX + hash;
}

export function verifyZaloSignature(header: string | undefined, input: SignatureInput): boolean {
  return secureEqual(header?.trim().toLowerCase(), zaloSignature(input));
}

export const DEFAULT_MAX_EVENT_AGE_MS = 5 * 60 * 1000;

/** The event's timestamp (milliseconds since the epoch, as Zalo sends it) lies within `maxAgeMs` of now. */
export function isFresh(timestamp: string, now: Date, maxAgeMs: number): boolean {
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() - Number(timestamp)) <= maxAgeMs;
}

/** Refuses unsigned requests before their body is even read. */
export const requireSignatureHeader: RequestHandler = (req, res, next) => {
  if (!req.get(SIGNATURE_HEADER)) return void sendError(res, 401, 'unauthorized', 'the request is not signed');
  next();
};
