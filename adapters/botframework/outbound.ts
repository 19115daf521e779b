/** Reply → Bot Framework message activity (Markdown text, quick replies as suggestedActions), and the stored reference a ticket update is sent to. */
import { ActionTypes, Activity, ActivityTypes, type ConversationReference } from '@microsoft/agents-activity';
import type { QuickReply } from '../../bot/types.ts';
import { storedReferenceSchema } from './schema.ts';

export function toActivity(text: string, quickReplies: QuickReply[]): Activity {
  return Activity.fromObject({
    type: ActivityTypes.Message,
    text,
    textFormat: 'markdown',
    ...(quickReplies.length > 0
      ? {
          suggestedActions: {
            // imBack is the one action every channel renders. Its value comes back as the user's
            // text, so it carries the label (what the user sees) and is mapped to the payload on the way in.
            to: [],
            actions: quickReplies.map((q) => ({ type: ActionTypes.ImBack, title: q.label, value: q.label })),
          },
        }
      : {}),
  });
}

/** A stored reference the SDK can continue, or undefined when it lacks what a message needs. */
export function toConversationReference(stored: unknown): ConversationReference | undefined {
  const parsed = storedReferenceSchema.safeParse(stored);
  if (!parsed.success) return undefined;
  const { bot, agent, ...rest } = parsed.data;
  return { ...rest, agent: agent ?? bot } as ConversationReference;
}
