/** The kinds of small talk the assistant answers from its locale pack rather than the knowledge base. */
export const SMALL_TALK_KINDS = ['greeting', 'thanks', 'help', 'capabilities'] as const;
export type SmallTalk = (typeof SMALL_TALK_KINDS)[number];
