/**
 * Where channels keep what they need to message a conversation later (a Bot Framework
 * ConversationReference, for instance). Same shape as the ticket store's ConversationRefStore,
 * so a durable store can replace these.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConversationRefStore } from '../../bot/tickets/ports.ts';

export type ConversationReferences = ConversationRefStore;

const keyOf = (channel: string, conversationId: string) => `${channel}\u0000${conversationId}`;

export function createMemoryReferences(): ConversationReferences {
  const refs = new Map<string, unknown>();
  return {
    async put(channel, conversationId, ref) {
      refs.set(keyOf(channel, conversationId), ref);
    },
    async get(channel, conversationId) {
      return refs.get(keyOf(channel, conversationId));
    },
  };
}

/** One JSON file under DATA_DIR; writes are serialised and atomic (write then rename). */
export function createFileReferences(options: { dataDir: string; fileName?: string }): ConversationReferences {
  const file = join(options.dataDir, options.fileName ?? 'conversation-references.json');
  const store = createJsonMap(file);
  return {
    put: (channel, conversationId, ref) => store.set(keyOf(channel, conversationId), ref),
    get: (channel, conversationId) => store.get(keyOf(channel, conversationId)),
  };
}

/** A small persistent string → JSON map, loaded lazily, saved on every change. */
export function createJsonMap(file: string) {
  let data: Record<string, unknown> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const load = async (): Promise<Record<string, unknown>> => {
    if (data) return data;
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      data = {};
    }
    return data;
  };
  return {
    async get(key: string): Promise<unknown | undefined> {
      await queue;
      return (await load())[key];
    },
    set(key: string, value: unknown): Promise<void> {
      const run = queue.then(async () => {
        const current = await load();
        current[key] = value;
        await mkdir(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(current), 'utf8');
        await rename(tmp, file);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
