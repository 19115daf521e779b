/** Messages between the HTTP thread and an assistant worker thread (structured-cloned, plain data only). */
import type { ComplaintCategory } from '../../bot/ports.ts';
import type { Channel, InboundMessage, Reply } from '../../bot/types.ts';
import type { AppConfig } from '../config.ts';

/** What the HTTP thread needs to know about the knowledge base a worker serves. */
export interface KnowledgeSummary {
  version: string;
  entries: number;
  categories: ComplaintCategory[];
}

export interface WorkerStart {
  config: AppConfig;
}

export type ToWorker =
  | { kind: 'turn'; id: number; message: InboundMessage }
  | { kind: 'exists'; id: number; channel: Channel; conversationId: string }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready'; knowledge: KnowledgeSummary }
  | { kind: 'knowledge'; knowledge: KnowledgeSummary }
  | { kind: 'reply'; id: number; reply: Reply }
  | { kind: 'exists'; id: number; exists: boolean }
  | { kind: 'failed'; id: number; error: string }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string; context?: Record<string, unknown> };

export function summarize(snapshot: { version: string; entries(): readonly unknown[]; categories(): readonly ComplaintCategory[] }): KnowledgeSummary {
  return { version: snapshot.version, entries: snapshot.entries().length, categories: [...snapshot.categories()] };
}
