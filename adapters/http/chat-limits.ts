/**
 * Abuse limits on `POST /api/chat`: messages per conversation and per client address per minute.
 * Over a limit the answer is HTTP 429 with `{ error, reason }` and Retry-After; nothing reaches
 * the assistant. Counters live in the shared state (Redis with several replicas).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Limiter, SharedState } from '../state/shared-state.ts';
import { sendError } from './errors.ts';

export interface ChatLimitsOptions {
  state: SharedState;
  /** Messages per conversation and minute; 0 is off. */
  perConversation: number;
  /** Messages per client address and minute; 0 is off. */
  perIp: number;
}

export interface ChatLimits {
  /** Before the body is read: the per-address limit. */
  byAddress: RequestHandler;
  /** After the body is read: the per-conversation limit (bodies without a usable id go on to validation). */
  byConversation: RequestHandler;
}

const pass: RequestHandler = (_req, _res, next) => next();

function refuse(res: Response, retryAfterSeconds: number, reason: string): void {
  sendError(res.set('Retry-After', String(retryAfterSeconds)), 429, 'rate_limited', `${reason}; try again in ${retryAfterSeconds} s`);
}

function limitBy(limiter: Limiter, keyOf: (req: Request) => string | undefined, reason: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    limiter.consume(key).then(
      (verdict) => (verdict.allowed ? next() : refuse(res, verdict.retryAfterSeconds, reason)),
      next,
    );
  };
}

export function createChatLimits(options: ChatLimitsOptions): ChatLimits {
  const conversationId = (req: Request) => {
    const id = (req.body as { conversationId?: unknown } | undefined)?.conversationId;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : undefined;
  };
  return {
    byAddress:
      options.perIp > 0
        ? limitBy(options.state.limiter('chat-ip', options.perIp, 60), (req) => req.ip ?? req.socket.remoteAddress ?? 'unknown', 'too many messages from this address')
        : pass,
    byConversation:
      options.perConversation > 0
        ? limitBy(options.state.limiter('chat-conversation', options.perConversation, 60), conversationId, 'too many messages in this conversation')
        : pass,
  };
}
