/**
 * The parts of a Telegram Update we read. Unknown fields pass through; anything optional may be
 * missing. Only `update_id` is required: without it an update cannot even be de-duplicated.
 */
import { z } from 'zod';

const user = z.object({ id: z.number(), language_code: z.string().optional() }).passthrough();
const chat = z.object({ id: z.number(), type: z.string().optional() }).passthrough();
const photoSize = z
  .object({ file_id: z.string(), width: z.number().optional(), height: z.number().optional(), file_size: z.number().optional() })
  .passthrough();

export const messageSchema = z
  .object({
    message_id: z.number(),
    chat,
    from: user.optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).passthrough().optional(),
    // A shared contact card; `user_id` is set when it is a Telegram user's own (then Telegram checked the number).
    contact: z.object({ phone_number: z.string(), user_id: z.number().optional() }).passthrough().optional(),
    photo: z.array(photoSize).optional(),
  })
  .passthrough();

export const callbackQuerySchema = z
  .object({
    id: z.string(),
    from: user,
    data: z.string().optional(),
    message: z.object({ message_id: z.number(), chat }).passthrough().optional(),
  })
  .passthrough();

export const updateEnvelopeSchema = z.object({ update_id: z.number().int() }).passthrough();

export type TelegramMessage = z.infer<typeof messageSchema>;
export type TelegramCallbackQuery = z.infer<typeof callbackQuerySchema>;
export type TelegramPhotoSize = z.infer<typeof photoSize>;
