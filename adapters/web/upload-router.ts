/**
 * POST /api/uploads?conversationId=…: a photo for the web chat, as a raw image/* body or as JSON
 * { contentType, dataBase64 }. Accepted only within a live conversation of the browser's
 * identity, checked before the body is read; then size, type (by magic bytes) and quotas. The
 * answer's `ref` goes into that conversation's chat message attachments, and only there.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { bodyErrors } from '../channels/body.ts';
import { sendError } from '../http/errors.ts';
import { IMAGE_TYPES, UploadRejectedError, type UploadRejection, type UploadStore } from '../channels/uploads.ts';
import { webChatUserId } from './identity.ts';

export const UPLOADS_PATH = '/api/uploads';

const jsonUpload = z.object({ contentType: z.string(), dataBase64: z.string().min(1) }).strict();
const CONVERSATION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export interface UploadRouterOptions {
  uploads: UploadStore;
  maxBytes: number;
  /** Whether the web chat has a conversation with this id in the conversation store. */
  isLiveConversation(conversationId: string): Promise<boolean>;
  /** Who the browser is (the server-issued identity); see adapters/web/identity.ts. */
  identify?: (req: Request) => string;
}

/** Whose photos these are: one conversation of one web-chat identity. The chat API asks the same. */
export function uploadOwner(conversationId: string, userId: string): string {
  return `web:${conversationId}:${userId}`;
}

const REJECTED: Record<UploadRejection, { status: number; reason: string }> = {
  'too-large': { status: 413, reason: 'the photo is larger than allowed' },
  empty: { status: 400, reason: 'the body is empty' },
  'unsupported-type': { status: 415, reason: 'the bytes are not a JPEG, PNG, WebP or HEIC image' },
  'conversation-quota': { status: 429, reason: 'this conversation has sent as many photos as it may' },
  'total-quota': { status: 429, reason: 'the server is not taking more photos right now' },
};

export function createUploadRouter(options: UploadRouterOptions): Router {
  const { maxBytes, uploads } = options;
  const identify = options.identify ?? webChatUserId;
  const router = Router();

  const liveConversation = async (req: Request, res: Response, next: NextFunction) => {
    const given = req.query.conversationId ?? req.get('x-conversation-id');
    if (typeof given !== 'string' || !CONVERSATION_ID.test(given)) {
      return void sendError(res, 400, 'invalid_upload', 'name the chat conversation: ?conversationId=…', 'conversationId');
    }
    if (!(await options.isLiveConversation(given))) {
      return void sendError(res, 403, 'no_conversation', 'photos are accepted only within a live chat conversation', 'conversationId');
    }
    res.locals.owner = uploadOwner(given, identify(req));
    next();
  };

  router.post(
    UPLOADS_PATH,
    liveConversation,
    express.raw({ type: 'image/*', limit: maxBytes }),
    // Base64 is a third larger than the bytes it carries.
    express.json({ limit: Math.ceil(maxBytes * 1.4) + 1024 }),
    bodyErrors,
    async (req: Request, res: Response) => {
      const bytes = readBytes(req);
      if (bytes === 'too-large') return void sendError(res, 413, 'payload_too_large', `the image is larger than ${maxBytes} bytes`, 'dataBase64');
      if (!bytes) return void sendError(res, 400, 'invalid_upload', 'send an image/* body or { contentType, dataBase64 }');
      const declared = req.is('image/*') ? req.get('content-type') : (req.body as { contentType?: string }).contentType;
      if (!declared || !Object.hasOwn(IMAGE_TYPES, declared.split(';')[0]!.trim())) {
        return void sendError(res, 415, 'unsupported_type', `send one of ${Object.keys(IMAGE_TYPES).join(', ')}`, 'contentType');
      }
      try {
        const stored = await uploads.save(res.locals.owner as string, bytes);
        res.status(201).json({ ref: stored.ref, contentType: stored.contentType, bytes: stored.bytes });
      } catch (error) {
        if (!(error instanceof UploadRejectedError)) throw error;
        const { status, reason } = REJECTED[error.reason];
        sendError(res, status, error.reason.replaceAll('-', '_'), reason);
      }
    },
  );
  return router;

  function readBytes(req: Request): Uint8Array | 'too-large' | undefined {
    if (Buffer.isBuffer(req.body)) return req.body;
    const parsed = jsonUpload.safeParse(req.body);
    if (!parsed.success) return undefined;
    const base64 = parsed.data.dataBase64.replace(/^data:[^,]*,/, '');
    if (!/^[A-Za-z0-9+/=\s]+$/.test(base64)) return undefined;
    const bytes = Buffer.from(base64, 'base64');
    return bytes.length > maxBytes ? 'too-large' : bytes;
  }
}
