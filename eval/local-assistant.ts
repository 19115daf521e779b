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
  /** What the trained interpreter's held-out folds measured, when it is the one running. */
  crossValidation(): Readonly<Record<string, number>> | undefined;
}

export async function createLocalAssistant(options: { knowledgeDir?: string; lexicalOnly?: boolean; interpreter?: AppConfig['INTERPRETER'] } = {}): Promise<LocalAssistant> {
  const server = loadConfig();
  const throwAway = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
  const config: AppConfig = {
    ...server,
    knowledgeDir: options.knowledgeDir ?? server.knowledgeDir,
    // Evaluation never touches the server's index folder, its tickets or shared conversation state.
    dataDir: throwAway('hue-eval-'),
    modelDir: options.lexicalOnly ? throwAway('hue-eval-no-model-') : server.modelDir,
    KNOWLEDGE_WATCH: false,
    INTERPRETER: options.interpreter ?? server.INTERPRETER,
    // Trained models are reused across throw-away data folders while the knowledge files are unchanged.
    MODEL_CACHE_DIR: server.MODEL_CACHE_DIR ?? join(tmpdir(), 'hue-assistant-models'),
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
  };
  // The real intake runs against a throw-away SQLite store, so complaint cases see its first prompt.
  const tickets = await openTicketStore({ dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX });
  const runtime = await openAssistantRuntime(config, { tickets, clock: systemClock, logger: silentLogger });
  return {
    assistant: runtime.assistant,
    knowledge: runtime.knowledge,
    mode: runtime.retrieval,
    crossValidation: () => (config.INTERPRETER === 'trained' ? runtime.knowledge.current().interpreter.crossValidation : undefined),
  };
}
