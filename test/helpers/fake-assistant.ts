/** A stand-in for the core: echoes the text and offers two quick replies. */
import type { InboundMessage, Reply } from '../../bot/types.ts';

export interface FakeAssistant {
  calls: InboundMessage[];
  /** Fields that replace the echo reply's, from now on. */
  override: Partial<Reply>;
  handle(message: InboundMessage): Promise<Reply>;
}

export function createFakeAssistant(overrides: Partial<Reply> = {}): FakeAssistant {
  const calls: InboundMessage[] = [];
  return {
    calls,
    override: overrides,
    async handle(message) {
      calls.push(structuredClone(message));
      return {
        text: 'echo: ' + (message.text ?? message.postback ?? (message.location ? 'location' : '')),
        quickReplies: [
          { label: 'Opening hours', payload: 'faq:hours' },
          { label: 'Report a problem', payload: 'intent:complaint' },
        ],
        meta: { intent: 'answer', lang: 'en', confidence: 1, sources: [] },
        ...this.override,
      };
    },
  };
}

/** Polls until `check` holds, failing after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
