/**
 * 👍 / 👎 under knowledge answers: the buttons, and what pressing one records and answers.
 * Payloads are `fb:up:<entry id>` and `fb:down:<entry id>` (well under Telegram's 64 bytes).
 */
import type { Middleware } from '../compose.ts';
import { t } from '../i18n/catalog.ts';
import { cityProfile } from '../locale/installed.ts';
import type { Logger } from '../ports.ts';
import { redact } from '../privacy/redact.ts';
import type { TurnContext } from '../turn.ts';
import type { QuickReply, Reply } from '../types.ts';
import type { AnswerFeedback, AnswerFeedbackStore, FeedbackValue } from './ports.ts';

export interface FeedbackFeatures {
  /** Adds the two buttons under a knowledge answer. */
  decorate(reply: Reply): Reply;
  /** Handles a pressed feedback button. */
  postback: Middleware<TurnContext>;
}

const PAYLOAD = /^fb:(up|down):([a-z0-9.-]{1,56})$/;

export function feedbackButtons(entryId: string): QuickReply[] {
  return [
    { label: '👍', payload: `fb:up:${entryId}` },
    { label: '👎', payload: `fb:down:${entryId}` },
  ];
}

export function parseFeedback(payload: string): { value: FeedbackValue; entryId: string } | undefined {
  const m = PAYLOAD.exec(payload);
  return m ? { value: m[1] as FeedbackValue, entryId: m[2]! } : undefined;
}

/** The question the answer was for: the person's last typed line before the button. */
function lastQuestion(ctx: TurnContext): string | undefined {
  const line = [...(ctx.state.transcript ?? [])].reverse().find((l) => l.from === 'person' && !l.text.startsWith('fb:'));
  return line ? redact(line.text).slice(0, 500) : undefined;
}

export interface FeedbackFeaturesOptions {
  store: AnswerFeedbackStore;
  logger: Logger;
  /** A thumbs-down also goes here: the curation review queue (ReviewQueue.recordThumbsDown). */
  onThumbsDown?: (feedback: AnswerFeedback) => Promise<void>;
}

export function createFeedbackFeatures(options: FeedbackFeaturesOptions): FeedbackFeatures {
  const { store, logger } = options;
  return {
    decorate(reply) {
      const entryId = reply.meta.sources[0]?.id;
      if (reply.meta.intent !== 'answer' || !entryId || !PAYLOAD.test(`fb:up:${entryId}`)) return reply;
      return { ...reply, quickReplies: [...reply.quickReplies, ...feedbackButtons(entryId)] };
    },
    async postback(ctx, next) {
      const pressed = parseFeedback(ctx.text);
      if (!pressed) return next();
      const question = lastQuestion(ctx);
      const feedback: AnswerFeedback = { ...pressed, lang: ctx.lang, channel: ctx.message.channel, ...(question ? { question } : {}), at: ctx.now };
      try {
        await store.record(feedback);
        if (feedback.value === 'down') await options.onThumbsDown?.(feedback);
      } catch (error) {
        logger.warn('answer feedback not stored', { error: (error as Error).message });
      }
      const human: QuickReply[] = [{ label: t(ctx.lang, 'menu.human'), payload: `entry:${cityProfile().entries.handoff}` }];
      ctx.reply = {
        text: t(ctx.lang, pressed.value === 'up' ? 'feedback.thanks-up' : 'feedback.thanks-down'),
        quickReplies: pressed.value === 'down' ? human : [],
        meta: { intent: 'greeting', lang: ctx.lang, confidence: 1, sources: [{ id: pressed.entryId, score: 1 }] },
      };
    },
  };
}
