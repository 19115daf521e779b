/** `POST /api/chat`: the JSON chat API used by the web page and by integrators. */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Assistant } from '../../bot/assistant.ts';
import { langSchema } from '../../bot/language/lang-schema.ts';
import type { Logger } from '../../bot/ports.ts';
import type { InboundMessage } from '../../bot/types.ts';
import { webChatUserId } from '../web/identity.ts';
import { uploadOwner } from '../web/upload-router.ts';
import { invalidRequest, sendError } from './errors.ts';

// PostgreSQL refuses U+0000 in text, and no person types it.
const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, 'may not contain NUL characters');

const chatRequest = z
  .object({
    conversationId: z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only'),
    text: text(4000).optional(),
    postback: text(256).optional(),
    lang: langSchema.optional(),
    locale: text(35).optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().optional(),
    attachments: z
      .array(z.object({ kind: z.literal('image'), ref: z.string().min(1).max(256).regex(/^[A-Za-z0-9_./-]+$/) }).strict())
      .max(5)
      .optional(),
  })
  .strict();

export type ChatRequest = z.infer<typeof chatRequest>;

/** `userId` is the identity the server issued (see adapters/web/identity.ts), never one from the body. */
export function toInbound(body: ChatRequest, userId: string): InboundMessage {
  return {
    channel: 'web',
    conversationId: body.conversationId,
    userId,
    text: body.text,
    postback: body.postback,
    langChoice: body.lang,
    localeHint: body.locale,
    location: body.location,
    attachments: body.attachments,
    receivedAt: new Date(),
  };
}

/** The handler for `POST /api/chat`, mounted straight on the app: the busiest route skips a nested router. */
export interface ChatHandlerOptions {
  assistant: Assistant;
  logger: Logger;
  /** Whether `ref` is a photo uploaded by this owner (see adapters/web/upload-router.ts); refs are refused without it. */
  ownsUpload?: (owner: string, ref: string) => Promise<boolean>;
}

export function createChatHandler(options: ChatHandlerOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const parsed = chatRequest.safeParse(req.body);
    if (!parsed.success && parsed.error.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes('userId'))) {
      return void sendError(res, 400, 'invalid_request', 'the server issues the web chat identity in a cookie; userId is not accepted', 'userId');
    }
    if (!parsed.success) {
      res.status(400).json(invalidRequest(parsed.error.issues));
      return;
    }
    if (!parsed.data.text?.trim() && !parsed.data.postback && !parsed.data.location && !parsed.data.attachments?.length) {
      return void sendError(res, 400, 'invalid_request', 'send text, postback, location or attachments', 'text');
    }
    const userId = webChatUserId(req);
    // Only the server's own upload ids, uploaded in this conversation by this browser: never a path or another person's photo.
    for (const attachment of parsed.data.attachments ?? []) {
      const owned = options.ownsUpload ? await options.ownsUpload(uploadOwner(parsed.data.conversationId, userId), attachment.ref) : false;
      if (!owned) {
        sendError(res, 400, 'invalid_request', 'attach only photos uploaded to POST /api/uploads in this conversation', 'attachments');
        return;
      }
    }
    const reply = await options.assistant.handle(toInbound(parsed.data, userId));
    res.json({
      // No reply while city staff hold the conversation: theirs arrive as notices.
      replies: reply.silent ? [] : [{ text: reply.text, quickReplies: reply.quickReplies, requestLocation: reply.requestLocation ?? false }],
      meta: reply.meta,
    });
  };
}
