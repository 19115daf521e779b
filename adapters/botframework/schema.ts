/** What an Activity and a stored conversation reference need before they go to the SDK; everything else passes through. */
import { z } from 'zod';

const account = z.object({ id: z.string() }).passthrough();

export const activityEnvelopeSchema = z
  .object({
    type: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    serviceUrl: z.string().url(),
    channelId: z.string().min(1).optional(),
    from: account.optional(),
    recipient: account.optional(),
  })
  .passthrough()
  // A reply is addressed from the message's recipient on its channel.
  .refine((a) => a.type !== 'message' || a.recipient !== undefined, { message: 'a message needs a recipient', path: ['recipient'] })
  .refine((a) => a.type !== 'message' || a.channelId !== undefined, { message: 'a message needs a channelId', path: ['channelId'] });

/**
 * A reference as stored when the person last wrote. References stored by botbuilder name the bot
 * `bot`; the Agents SDK calls it `agent`.
 */
export const storedReferenceSchema = z
  .object({
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    agent: account.optional(),
    bot: account.optional(),
  })
  .passthrough()
  .refine((r) => r.agent !== undefined || r.bot !== undefined, { message: 'the reference names no bot', path: ['agent'] });

/**
 * The SDK's Activity schema requires `suggestedActions.to`, which the protocol leaves optional
 * (the Activity spec's own message example omits it); an activity is not refused for that.
 */
export function withSdkDefaults(activity: Record<string, unknown>): Record<string, unknown> {
  const suggested = activity['suggestedActions'];
  if (suggested && typeof suggested === 'object' && !Array.isArray(suggested) && !('to' in suggested)) {
    return { ...activity, suggestedActions: { ...suggested, to: [] } };
  }
  return activity;
}
