/**
 * Conversation state in process memory: the embedded default for a single server. States are kept
 * as JSON text, as Redis keeps them: callers get their own copy, and the same state shapes work in both.
 */
import type { ConversationStore } from '../../bot/ports.ts';
import { openState, processStateSealer, type StateSealer } from './state-sealer.ts';

export class MemoryConversationStore<State> implements ConversationStore<State> {
  private readonly items = new Map<string, { json: string; expires: number }>();

  /** States are sealed like Redis keeps them, so personal data typed in an intake is not in clear in a heap dump. */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxItems = 100_000,
    private readonly sealer: StateSealer = processStateSealer(),
  ) {}

  async get(key: string): Promise<State | undefined> {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (item.expires <= this.now()) {
      this.items.delete(key);
      return undefined;
    }
    return openState(this.sealer, item.json) as State | undefined;
  }

  async set(key: string, state: State, ttlSeconds: number): Promise<void> {
    this.items.delete(key);
    this.items.set(key, { json: this.sealer.seal(JSON.stringify(state)), expires: this.now() + ttlSeconds * 1000 });
    // Maps keep insertion order, so the first key is the least recently written.
    if (this.items.size > this.maxItems) this.items.delete(this.items.keys().next().value!);
  }

  async delete(key: string): Promise<void> {
    this.items.delete(key);
  }
}
