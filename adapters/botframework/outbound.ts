/** Reply → Bot Framework message activity: Markdown text, quick replies as suggestedActions. */
import { ActionTypes, ActivityTypes, type Activity } from 'botbuilder';
import type { QuickReply } from '../../bot/types.ts';

export function toActivity(text: string, quickReplies: QuickReply[]): Partial<Activity> {
  return {
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
  };
}
