/**
 * Who is this web-chat user: an id the server issues to the browser in a signed, HttpOnly cookie.
 * The web chat never takes a user id from the request body or query, so "my reports", notices,
 * uploads and push streams are scoped to the browser that holds the cookie.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, RequestHandler } from 'express';

export const WEB_CHAT_COOKIE = 'hue_chat';
/** Every web-chat route lives under one of these; the identity middleware is mounted on them. */
export const WEB_CHAT_PATHS = ['/api/chat', '/api/uploads'];

const ID_PATTERN = /^w[A-Za-z0-9_-]{22}$/;
const MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
const MIN_SECRET_LENGTH = 32;
const SECRET_FILE = 'web-chat-secret';
const USER = Symbol('webChatUser');

type WithUser = Request & { [USER]?: string };

export class WebIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebIdentityError';
  }
}

function signature(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id).digest('base64url');
}

/** `id.signature`, the cookie's value. */
export function signWebChatId(id: string, secret: string): string {
  return `${id}.${signature(id, secret)}`;
}

/** The id inside a cookie value whose signature holds, else undefined. */
export function verifyWebChatCookie(value: string, secret: string): string | undefined {
  const dot = value.indexOf('.');
  if (dot < 0) return undefined;
  const id = value.slice(0, dot);
  if (!ID_PATTERN.test(id)) return undefined;
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(signature(id, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}

function newWebChatId(): string {
  return `w${randomBytes(16).toString('base64url')}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Middleware: reads the identity cookie, or issues a new one (HttpOnly, SameSite=Lax, Secure when the
 * request came over HTTPS). Mount it on WEB_CHAT_PATHS before the web-chat routes.
 */
export function webChatIdentity(options: { secret: string }): RequestHandler {
  if (options.secret.length < MIN_SECRET_LENGTH) throw new WebIdentityError(`the web chat secret needs at least ${MIN_SECRET_LENGTH} characters`);
  const { secret } = options;
  return (req, res, next) => {
    const held = readCookie(req.headers.cookie, WEB_CHAT_COOKIE);
    let id = held ? verifyWebChatCookie(held, secret) : undefined;
    if (!id) {
      id = newWebChatId();
      res.cookie(WEB_CHAT_COOKIE, signWebChatId(id, secret), { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: MAX_AGE_MS, path: '/' });
    }
    (req as WithUser)[USER] = id;
    next();
  };
}

/** Who is this web-chat user. Only valid behind `webChatIdentity`; throws elsewhere so a route cannot silently go unscoped. */
export function webChatUserId(req: Request): string {
  const id = (req as WithUser)[USER];
  if (!id) throw new WebIdentityError('webChatIdentity middleware is not mounted on this route');
  return id;
}

/**
 * The configured secret, else one kept in the data folder (created on first start, owner-only),
 * so identities survive a restart of a single server. Several replicas must share WEB_CHAT_SECRET.
 */
export function resolveWebChatSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** A secret for tests and tools that assemble the app without configuration; identities last for the process. */
export function ephemeralWebChatSecret(): string {
  return randomBytes(32).toString('base64url');
}
