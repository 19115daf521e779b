/** Zalo webhook signature check over the raw bytes, compared in constant time. */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { secureEqual } from '../channels/secure-compare.ts';
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

/** Refuses unsigned requests before their body is even read. */
export const requireSignatureHeader: RequestHandler = (req, res, next) => {
  if (!req.get(SIGNATURE_HEADER)) return void res.status(401).json({ error: 'unsigned' });
  next();
};
