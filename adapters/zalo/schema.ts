/** The parts of a Zalo OA webhook event we read; unknown fields pass, ids stay strings. */
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);
const coordinate = z.union([z.number(), z.string()]).pipe(z.coerce.number().finite());

const attachment = z
  .object({
    type: z.string(),
    payload: z
      .object({
        url: z.string().optional(),
        coordinates: z.object({ latitude: coordinate, longitude: coordinate }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const zaloEventSchema = z
  .object({
    app_id: id.optional(),
    event_name: z.string(),
    timestamp: id,
    sender: z.object({ id }).passthrough().optional(),
    follower: z.object({ id }).passthrough().optional(),
    recipient: z.object({ id }).passthrough().optional(),
    // user_submit_info: what the user agreed to share from their Zalo account.
    info: z.object({ phone: id.optional() }).passthrough().optional(),
    message: z
      .object({
        msg_id: id.optional(),
        text: z.string().optional(),
        attachments: z.array(attachment).optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export type ZaloEvent = z.infer<typeof zaloEventSchema>;
