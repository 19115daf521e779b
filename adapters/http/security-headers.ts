/**
 * Security headers on every response (helmet) and `Cache-Control: no-store` on the routes whose
 * answers may carry personal data (chat, uploads, notices, staff, Open311).
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Routes whose answers must never sit in a browser or proxy cache. */
export const PERSONAL_DATA_PATHS = ['/api', '/staff', '/open311'];

/**
 * The web chat page and the staff console load their scripts and styles from files on this
 * server (no inline code), call only this server, and are never framed.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
