/** Builds the assistant exactly as the server does, for evaluation and benchmarks. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../adapters/config.ts';
import { silentLogger } from '../adapters/logger.ts';
import { MemoryConversationStore } from '../adapters/state/memory-conversation-store.ts';
import { MemoryUnansweredLog } from '../adapters/state/unanswered-log.ts';
import { createAssistant, type Assistant } from '../bot/assistant.ts';
import type { ConversationState } from '../bot/turn.ts';
import { loadLocalEmbeddings } from '../knowledge/src/embeddings/transformers-embeddings.ts';
import { openKnowledgeStore, type KnowledgeStore } from '../knowledge/src/knowledge-store.ts';
import { openTicketStore } from '../adapters/stores/open-ticket-store.ts';
import { createTicketFeatures } from '../bot/complaints/ticket-features.ts';

export interface LocalAssistant {
  assistant: Assistant;
  knowledge: KnowledgeStore;
  unanswered: MemoryUnansweredLog;
  mode: 'lexical' | 'hybrid';
}

export async function createLocalAssistant(options: { knowledgeDir?: string; lexicalOnly?: boolean } = {}): Promise<LocalAssistant> {
  const config = loadConfig();
  const knowledgeDir = options.knowledgeDir ?? config.knowledgeDir;
  const loaded = options.lexicalOnly
    ? undefined
    : await loadLocalEmbeddings({ modelId: config.EMBEDDING_MODEL, modelDir: config.modelDir, allowDownload: config.ALLOW_MODEL_DOWNLOAD });
  const model = loaded?.embeddings ? { key: `${config.EMBEDDING_MODEL}@${loaded.dimensions}`, embeddings: loaded.embeddings } : undefined;
  const knowledge = await openKnowledgeStore({
    knowledgeDir,
    // Evaluation never touches the server's index folder.
    dataDir: mkdtempSync(join(tmpdir(), 'hue-eval-')),
    model,
    logger: silentLogger,
    watch: false,
  });
  const unanswered = new MemoryUnansweredLog();
  // The real intake runs against a throw-away SQLite store, so complaint cases see its first prompt.
  const tickets = await openTicketStore({ dataDir: mkdtempSync(join(tmpdir(), 'hue-eval-tickets-')), codePrefix: config.TICKET_CODE_PREFIX });
  const assistant = createAssistant({
    knowledge,
    conversations: new MemoryConversationStore<ConversationState>(),
    unanswered,
    logger: silentLogger,
    defaultLang: config.DEFAULT_LANG,
    ticketPrefix: config.TICKET_CODE_PREFIX,
    tickets: createTicketFeatures({ store: tickets, logger: silentLogger, ticketPrefix: config.TICKET_CODE_PREFIX }),
  });
  return { assistant, knowledge, unanswered, mode: model ? 'hybrid' : 'lexical' };
}
