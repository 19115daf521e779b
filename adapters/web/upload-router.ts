/**
 * POST /api/uploads: a photo for the web chat, as a raw image/* body or as JSON
 * { contentType, dataBase64 }. The bytes are checked (type by magic bytes, size) and stored
 * under DATA_DIR/uploads; the answer's `ref` goes into the chat message's attachments.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { bodyErrors } from '../channels/body.ts';
import { sendError } from '../http/errors.ts';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, saveImage, UploadRejectedError } from '../channels/uploads.ts';

export const UPLOADS_PATH = '/api/uploads';

const REJECTION_REASONS: Record<UploadRejectedError['reason'], string> = {
  'too-large': 'the image is too large',
  'unsupported-type': 'the bytes are not a JPEG, PNG or WebP image',
  empty: 'the image is empty',
};

const jsonUpload = z.object({ contentType: z.string(), dataBase64: z.string().min(1) }).strict();

export function createUploadRouter(options: { dataDir: string; maxBytes?: number }): Router {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const router = Router();
  router.post(
    UPLOADS_PATH,
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
        const stored = await saveImage(options.dataDir, bytes, maxBytes);
        res.status(201).json({ ref: stored.ref, contentType: stored.contentType, bytes: stored.bytes });
      } catch (error) {
        if (!(error instanceof UploadRejectedError)) throw error;
        const status = error.reason === 'too-large' ? 413 : error.reason === 'empty' ? 400 : 415;
        sendError(res, status, error.reason.replace('-', '_'), REJECTION_REASONS[error.reason]);
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
