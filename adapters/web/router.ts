/** The tourist-facing web chat: one static page at / plus the photo upload endpoint. */
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { createUploadRouter, type UploadRouterOptions } from './upload-router.ts';

export const WEB_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export type WebChatOptions = UploadRouterOptions;

/** Mount at the app root. The page calls POST /api/chat, which the HTTP app provides. */
export function createWebChatRouter(options: WebChatOptions): Router {
  const router = Router();
  router.use(createUploadRouter(options));
  router.use(
    express.static(WEB_PUBLIC_DIR, {
      index: 'index.html',
      maxAge: '1h',
      // Security headers, CSP included, come from the app for every response (http/security-headers.ts).
    }),
  );
  return router;
}
