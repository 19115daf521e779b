/** Telegram does not sign bodies; it echoes the secret_token given to setWebhook in a header. */
import type { RequestHandler } from 'express';
import { secureEqual } from '../channels/secure-compare.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export function verifyTelegramSecret(secret: string): RequestHandler {
  return (req, res, next) => {
    if (!secureEqual(req.get(SECRET_HEADER), secret)) return void res.status(401).json({ error: 'unauthorized' });
    next();
  };
}
