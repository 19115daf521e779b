/**
 * Counts the answers given from each knowledge entry, for the knowledge-health page. Counts are
 * gathered in memory and written in one batch every few seconds, so a turn never waits for it.
 */
import type { Assistant } from '../../bot/assistant.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { Logger } from '../../bot/ports.ts';
import type { ReviewQueue } from '../../bot/review/ports.ts';

export interface CountingAssistant extends Assistant {
  /** Writes the counts gathered so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function countAnswers(assistant: Assistant, queue: Pick<ReviewQueue, 'addUsage'>, logger: Logger, flushMs = 5000): CountingAssistant {
  let pending = new Map<string, { entryId: string; lang: Lang; answers: number; at: Date }>();
  const flush = async () => {
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    try {
      await queue.addUsage(batch);
    } catch (error) {
      logger.warn('answer usage not recorded', { error: (error as Error).message, entries: batch.length });
    }
  };
  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();
  return {
    hasConversation: assistant.hasConversation ? (channel, conversationId) => assistant.hasConversation!(channel, conversationId) : undefined,
    async handle(message) {
      const reply = await assistant.handle(message);
      const entryId = reply.meta.sources[0]?.id;
      // "More" continues an answer already counted.
      if (reply.meta.intent === 'answer' && entryId) {
        const key = `${entryId}\0${reply.meta.lang}`;
        const seen = pending.get(key);
        if (seen) {
          seen.answers++;
          seen.at = new Date();
        } else pending.set(key, { entryId, lang: reply.meta.lang, answers: 1, at: new Date() });
      }
      return reply;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
