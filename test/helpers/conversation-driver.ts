/**
 * A fluent driver for whole conversations against the real assistant, knowledge base and a
 * SQLite ticket store in a temp folder:
 *   await world.chat('u1').send('đèn đường tắt').expectReply(/chủ đề/).press('intake:cat:street-lighting')…
 * Steps are queued and run in order when the chain is awaited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../adapters/config.ts';
import { openAssistantRuntime } from '../../adapters/runtime/assistant-runtime.ts';
import { MemoryConversationStore } from '../../adapters/state/memory-conversation-store.ts';
import { openTicketStore } from '../../adapters/stores/open-ticket-store.ts';
import type { Assistant } from '../../bot/assistant.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { Clock, Logger } from '../../bot/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import type { Ticket } from '../../bot/tickets/types.ts';
import type { ConversationState } from '../../bot/turn.ts';
import type { Channel, GeoPoint, InboundMessage, Reply } from '../../bot/types.ts';
import type { ReviewQueue } from '../../bot/review/ports.ts';
import type { KnowledgeStore } from '../../knowledge/src/knowledge-store.ts';

export class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export interface World {
  assistant: Assistant;
  store: TicketStore;
  knowledge: KnowledgeStore;
  clock: TestClock;
  /** The review queue the assistant fills with what it could not answer. */
  review: ReviewQueue;
  /** The runtime's data folder (indexes, review queue). */
  dataDir: string;
  /** Every line the features logged, to check that nothing personal leaks. */
  logs: string[];
  chat(userId: string, options?: { channel?: Channel; conversationId?: string; lang?: Lang }): Conversation;
  close(): Promise<void>;
}

export interface WorldOptions {
  now?: string;
  intakeTimeoutMinutes?: number;
  /** Tickets in PostgreSQL (this schema) rather than a SQLite file in the world's folder. */
  database?: { url: string; schema: string };
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'hue-conv-'));
  const clock = new TestClock(new Date(options.now ?? '2026-03-02T03:00:00Z'));
  const logs: string[] = [];
  const logger: Logger = {
    info: (msg, c) => logs.push(`${msg} ${JSON.stringify(c ?? {})}`),
    warn: (msg, c) => logs.push(`${msg} ${JSON.stringify(c ?? {})}`),
    error: (msg, c) => logs.push(`${msg} ${JSON.stringify(c ?? {})}`),
  };
  const store = await openTicketStore({
    dataDir: dir,
    codePrefix: 'HUE',
    clock,
    ...(options.database ? { databaseUrl: options.database.url, schema: options.database.schema } : {}),
  });
  const config = loadConfig({
    DATA_DIR: join(dir, 'data'),
    MODEL_DIR: join(dir, 'no-model'),
    KNOWLEDGE_WATCH: 'false',
    INTAKE_TIMEOUT_MINUTES: String(options.intakeTimeoutMinutes ?? 30),
    ...(process.env.MODEL_CACHE_DIR ? { MODEL_CACHE_DIR: process.env.MODEL_CACHE_DIR } : {}),
  });
  const runtime = await openAssistantRuntime(config, {
    tickets: store,
    clock,
    logger,
    conversations: new MemoryConversationStore<ConversationState>(() => clock.now().getTime()),
  });
  const { assistant, knowledge } = runtime;
  return {
    assistant,
    store,
    knowledge,
    review: runtime.review,
    clock,
    dataDir: config.dataDir,
    logs,
    chat: (userId, o = {}) => new Conversation(assistant, store, { channel: o.channel ?? 'web', conversationId: o.conversationId ?? `c-${userId}`, userId, lang: o.lang }),
    async close() {
      await runtime.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Step = () => Promise<void>;

/** What an awaited conversation resolves to. */
export interface ConversationResult {
  last?: Reply;
}

export class Conversation implements PromiseLike<ConversationResult> {
  private readonly steps: Step[] = [];
  private turn = 0;
  /** The latest reply, once the chain has run. */
  last?: Reply;

  constructor(
    private readonly assistant: Assistant,
    private readonly store: TicketStore,
    private readonly who: { channel: Channel; conversationId: string; userId: string; lang?: Lang },
  ) {}

  private queue(step: Step): this {
    this.steps.push(step);
    return this;
  }

  private deliver(fields: Partial<InboundMessage>): this {
    return this.queue(async () => {
      this.last = await this.assistant.handle({
        channel: this.who.channel,
        conversationId: this.who.conversationId,
        userId: this.who.userId,
        messageId: `m${++this.turn}`,
        langChoice: this.turn === 1 ? this.who.lang : undefined,
        ...fields,
      });
    });
  }

  send(text: string): this {
    return this.deliver({ text });
  }

  press(payload: string): this {
    return this.deliver({ postback: payload });
  }

  shareLocation(location: GeoPoint): this {
    return this.deliver({ location });
  }

  /** A phone number the platform vouches is the sender's own (a Telegram contact of their own). */
  shareContact(phone: string): this {
    return this.deliver({ contact: { phone } });
  }

  sendPhoto(ref: string): this {
    return this.deliver({ attachments: [{ kind: 'image', ref, contentType: 'image/jpeg' }] });
  }

  /** Runs a check on the latest reply. */
  check(assertion: (reply: Reply) => void | Promise<void>): this {
    return this.queue(async () => {
      if (!this.last) throw new Error('no reply yet: send something first');
      await assertion(this.last);
    });
  }

  expectReply(pattern: RegExp | string): this {
    return this.check((r) => {
      if (typeof pattern === 'string') expect(r.text).toContain(pattern);
      else expect(r.text).toMatch(pattern);
    });
  }

  expectNoReplyText(pattern: RegExp): this {
    return this.check((r) => expect(r.text).not.toMatch(pattern));
  }

  expectIntent(intent: Reply['meta']['intent'], fields: Partial<Reply['meta']> = {}): this {
    return this.check((r) => expect(r.meta).toMatchObject({ intent, ...fields }));
  }

  expectButton(payload: string | RegExp): this {
    return this.check((r) => {
      const payloads = r.quickReplies.map((q) => q.payload);
      expect(payloads.some((p) => (typeof payload === 'string' ? p === payload : payload.test(p))), `buttons: ${payloads.join(', ')}`).toBe(true);
    });
  }

  expectLocationRequest(): this {
    return this.check((r) => expect(r.requestLocation).toBe(true));
  }

  /** The ticket named in the latest reply's meta, checked against `fields`. */
  expectTicket(fields: Partial<Ticket> | ((ticket: Ticket) => void)): this {
    return this.check(async (r) => {
      expect(r.meta.ticketCode, 'reply names a ticket').toBeDefined();
      const ticket = await this.store.getByCode(r.meta.ticketCode!);
      expect(ticket).toBeDefined();
      if (typeof fields === 'function') fields(ticket!);
      else expect(ticket).toMatchObject(fields);
    });
  }

  expectTicketCount(count: number): this {
    return this.check(async () => expect(await this.store.list({ limit: 1000 })).toHaveLength(count));
  }

  then<A = ConversationResult, B = never>(onFulfilled?: ((value: ConversationResult) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    const steps = this.steps.splice(0);
    const run = async (): Promise<ConversationResult> => {
      for (const step of steps) await step();
      // A plain object, so awaiting does not recurse into `then`.
      return { last: this.last };
    };
    return run().then(onFulfilled, onRejected);
  }
}
