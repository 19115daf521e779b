/** Builds the assistant exactly as the server does, for evaluation and benchmarks, on throw-away folders. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../adapters/config.ts';
import { silentLogger } from '../adapters/logger.ts';
import { openAssistantRuntime } from '../adapters/runtime/assistant-runtime.ts';
import { openTicketStore } from '../adapters/stores/open-ticket-store.ts';
import type { Assistant } from '../bot/assistant.ts';
import { systemClock } from '../bot/ports.ts';
import type { KnowledgeStore } from '../knowledge/src/knowledge-store.ts';

export interface LocalAssistant {
  assistant: Assistant;
  knowledge: KnowledgeStore;
  mode: 'lexical' | 'hybrid';
}

export async function createLocalAssistant(options: { knowledgeDir?: string; lexicalOnly?: boolean } = {}): Promise<LocalAssistant> {
  const server = loadConfig();
  const throwAway = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
  const config: AppConfig = {
    ...server,
    knowledgeDir: options.knowledgeDir ?? server.knowledgeDir,
    // Evaluation never touches the server's index folder, its tickets or shared conversation state.
    dataDir: throwAway('hue-eval-'),
    modelDir: options.lexicalOnly ? throwAway('hue-eval-no-model-') : server.modelDir,
    KNOWLEDGE_WATCH: false,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
  };
  // The real intake runs against a throw-away SQLite store, so complaint cases see its first prompt.
  const tickets = await openTicketStore({ dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX });
  const runtime = await openAssistantRuntime(config, { tickets, clock: systemClock, logger: silentLogger });
  return { assistant: runtime.assistant, knowledge: runtime.knowledge, mode: runtime.retrieval };
}
