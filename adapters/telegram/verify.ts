/** Telegram does not sign bodies; it echoes the secret_token given to setWebhook in a header. */
import type { RequestHandler } from 'express';
import { secureEqual } from '../channels/secure-compare.ts';
import { sendError } from '../http/errors.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export function verifyTelegramSecret(secret: string): RequestHandler {
  return (req, res, next) => {
    if (!secureEqual(req.get(SECRET_HEADER), secret)) return void sendError(res, 401, 'unauthorized', 'missing or wrong secret token');
    next();
  };
}
