/** The one express app: health, chat API, and whatever routers the composition root mounts. */
import express, { type RequestHandler, type Router } from 'express';
import type { Assistant } from '../../bot/assistant.ts';
import type { Logger } from '../../bot/ports.ts';
import { ephemeralWebChatSecret, WEB_CHAT_PATHS, webChatIdentity } from '../web/identity.ts';
import { createChatHandler } from './chat-api.ts';
import { bodySizeLimit } from './body-limit.ts';
import type { ChatLimits } from './chat-limits.ts';
import { errorHandler, refuseNulInUrl, sendError } from './errors.ts';
import { noStore, PERSONAL_DATA_PATHS, securityHeaders } from './security-headers.ts';

export interface HttpAppOptions {
  assistant: Assistant;
  logger: Logger;
  /** Extra routers (channels, staff API, Open311, web page), mounted in order. */
  routers?: { path: string; router: Router }[];
  health?: () => Record<string, unknown>;
  /** Photos of the web chat; a chat message may attach only its own conversation's. */
  ownsUpload?: (owner: string, ref: string) => Promise<boolean>;
  /** GET /readyz: dependencies and shutdown state (adapters/http/readiness.ts). */
  readiness?: RequestHandler;
  /** Signs the web chat's identity cookie; without it identities last only as long as the process. */
  webChatSecret?: string;
  /** Per-conversation and per-address limits on the chat API; none without. */
  chatLimits?: ChatLimits;
  /** Largest body any route reads (MAX_BODY_BYTES), with larger limits for named paths (uploads). */
  bodyLimit?: { maxBytes: number; exceptions?: { path: string; maxBytes: number }[] };
  /** Express's `trust proxy`: which hops may tell the client address (X-Forwarded-For). */
  trustProxy?: string;
}

/** The app's last error handler without a logger, for apps that mount single routers (tests, tools). */
export const jsonErrors = errorHandler(undefined, 'request');

export function createHttpApp(options: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Chat answers are never cached, so hashing each body for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? 'loopback');
  // Headers first, so that even a refused request's answer carries them.
  app.use(securityHeaders());
  app.use(PERSONAL_DATA_PATHS, noStore);
  app.use(bodySizeLimit(options.bodyLimit ?? { maxBytes: 1024 * 1024 }));
  app.use(refuseNulInUrl);
  app.get('/healthz', (_req, res) => {
    // Liveness only: the process answers. What it depends on is /readyz's business.
    let details: Record<string, unknown> = {};
    try {
      details = options.health?.() ?? {};
    } catch {
      details = {};
    }
    res.json({ status: 'ok', ...details });
  });
  if (options.readiness) app.get('/readyz', options.readiness);
  // Every web-chat route learns who the browser is from the server-issued cookie.
  app.use(WEB_CHAT_PATHS, webChatIdentity({ secret: options.webChatSecret ?? ephemeralWebChatSecret() }));
  const limits = options.chatLimits ? [options.chatLimits.byAddress, express.json({ limit: '64kb' }), options.chatLimits.byConversation] : [express.json({ limit: '64kb' })];
  app.post('/api/chat', ...limits, createChatHandler({ assistant: options.assistant, logger: options.logger, ownsUpload: options.ownsUpload }));
  for (const { path, router } of options.routers ?? []) app.use(path, router);
  app.use((_req, res) => sendError(res, 404, 'not_found', 'no such resource'));
  app.use(errorHandler(options.logger, 'request'));
  return app;
}
