/**
 * The steps every channel runs for one inbound message after verification and parsing:
 * claim the id, apply the per-user limit, ask the core, hand the reply to the renderer.
 * One error boundary per turn, so a failure is logged with context and the user still hears back.
 */
import type { Logger } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { InboundMessage, Reply } from '../../bot/types.ts';
import { silentLogger, type AssistantPort, type CommonChannelOptions } from './contract.ts';
import { createMemoryDedupe, type DedupeStore } from './dedupe.ts';
import { describeError } from './errors.ts';
import { channelText, langForHint } from './messages.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { cityProfile } from '../../bot/locale/installed.ts';

export interface TurnDeps {
  assistant: AssistantPort;
  dedupe: DedupeStore;
  limiter: RateLimiter;
  logger: Logger;
  defaultLang: Lang;
}

/** The per-turn dependencies a channel builds from its common options. */
export function turnDeps(options: CommonChannelOptions): TurnDeps {
  return {
    assistant: options.assistant,
    dedupe: options.dedupe ?? createMemoryDedupe(),
    limiter: createRateLimiter({ perMinute: options.rateLimitPerMinute, ...(options.state ? { state: options.state } : {}) }),
    logger: options.logger ?? silentLogger,
    defaultLang: options.defaultLang ?? cityProfile().defaultLang,
  };
}

export interface TurnHooks {
  /** Runs once the id is claimed, even when the user is rate limited (e.g. stop a button spinner). */
  onClaimed?: () => Promise<void>;
  /** Runs just before the core, for slow enrichment such as downloading a photo. */
  beforeCore?: () => Promise<void>;
}

export type TurnOutcome = 'replied' | 'duplicate' | 'limited' | 'failed';

/** `dedupeKey` is the platform's id for this delivery; undefined when the platform gives none. */
export async function runTurn(
  deps: TurnDeps,
  message: InboundMessage,
  dedupeKey: string | undefined,
  send: (reply: Reply) => Promise<void>,
  hooks: TurnHooks = {},
): Promise<TurnOutcome> {
  if (dedupeKey !== undefined && !(await deps.dedupe.claim(`${message.channel}:${dedupeKey}`))) return 'duplicate';
  await hooks.onClaimed?.();
  const lang = langForHint(message.localeHint, deps.defaultLang);
  const verdict = await deps.limiter.take(`${message.channel}:${message.userId}`);
  if (verdict !== 'ok') {
    if (verdict === 'limited') await sendSafely(deps, message, () => send(plainReply(channelText(lang, 'rateLimited'), lang, 'rate-limited')));
    return 'limited';
  }
  try {
    await hooks.beforeCore?.();
    const reply = await deps.assistant.handle(message);
    // City staff hold the conversation: they answer it themselves, from the console.
    if (!reply.silent) await send(reply);
    return 'replied';
  } catch (error) {
    deps.logger.error('channel turn failed', { channel: message.channel, ...describeError(error) });
    await sendSafely(deps, message, () => send(plainReply(channelText(lang, 'failed'), lang, 'error')));
    return 'failed';
  }
}

async function sendSafely(deps: TurnDeps, message: InboundMessage, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    deps.logger.error('channel send failed', { channel: message.channel, ...describeError(error) });
  }
}

export function plainReply(text: string, lang: Lang, intent: Reply['meta']['intent']): Reply {
  return { text, quickReplies: [], meta: { intent, lang, confidence: 1, sources: [] } };
}
