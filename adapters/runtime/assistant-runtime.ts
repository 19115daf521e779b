/**
 * Everything one assistant needs, built from configuration: the knowledge base (with the local
 * embedding model when present), conversation state, the review queue (what it could not answer,
 * and how often each entry answered) and the ticket features. The HTTP thread builds one when turns run inline; each worker thread builds its own.
 */
import {
  createAssistant,
  createAwayNotices,
  createFeedbackFeatures,
  createHandoffFeatures,
  createTicketFeatures,
  type Assistant,
  type Clock,
  type ConversationState,
  type ConversationStore,
  type KnowledgeSnapshot,
  type Logger,
  type TicketStore,
} from '../../bot/index.ts';
import { loadLocalEmbeddings } from '../../knowledge/src/embeddings/transformers-embeddings.ts';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/src/knowledge-store.ts';
import { installLocalesFrom } from '../../knowledge/src/locales.ts';
import { createRulesInterpreter } from '../../knowledge/src/understanding/rules/rules-interpreter.ts';
import type { AppConfig } from '../config.ts';
import { MemoryConversationStore } from '../state/memory-conversation-store.ts';
import { createStateSealer, processStateSealer, stateKeyFrom } from '../state/state-sealer.ts';
import { connectRedis, RedisConversationStore } from '../state/redis-conversation-store.ts';
import type { ReviewQueue } from '../../bot/review/ports.ts';
import { openReviewQueue } from '../stores/open-review-queue.ts';
import { createPersonLinks, personKeySecretFrom, processPersonKeySecret } from '../stores/person-links.ts';
import { countAnswers } from './answer-usage.ts';

export interface AssistantRuntime {
  assistant: Assistant;
  knowledge: KnowledgeStore;
  review: ReviewQueue;
  /** Hybrid when the local embedding model loaded, lexical-only otherwise. */
  retrieval: 'lexical' | 'hybrid';
  close(): Promise<void>;
}

export interface AssistantRuntimeDeps {
  tickets: TicketStore;
  /** The review queue in the ticket database; opened (and closed) by the runtime when not given. */
  review?: ReviewQueue;
  clock: Clock;
  logger: Logger;
  /** Conversation state kept elsewhere than the configured store (tests with their own clock). */
  conversations?: ConversationStore<ConversationState>;
  /** Called after the knowledge base was reloaded with a new version. */
  onKnowledgeChange?: (snapshot: KnowledgeSnapshot) => void;
}

async function loadModel(config: AppConfig, logger: Logger) {
  const loaded = await loadLocalEmbeddings({ modelId: config.EMBEDDING_MODEL, modelDir: config.modelDir, allowDownload: config.ALLOW_MODEL_DOWNLOAD });
  if (!loaded.embeddings) {
    logger.info(loaded.reason);
    return undefined;
  }
  logger.info('embedding model loaded; retrieval is hybrid (lexical + vector)', { model: config.EMBEDDING_MODEL, dimensions: loaded.dimensions });
  return { key: `${config.EMBEDDING_MODEL}@${loaded.dimensions}`, embeddings: loaded.embeddings };
}

export async function openAssistantRuntime(config: AppConfig, deps: AssistantRuntimeDeps): Promise<AssistantRuntime> {
  const { logger, clock, tickets } = deps;
  // Messages, word lists and city facts: installed before anything speaks (this thread or a worker).
  const locales = installLocalesFrom(config.knowledgeDir, { ticketPrefix: config.TICKET_CODE_PREFIX, defaultLang: config.DEFAULT_LANG });
  const model = await loadModel(config, logger);
  const knowledge = await openKnowledgeStore({
    knowledgeDir: config.knowledgeDir,
    dataDir: config.dataDir,
    model,
    logger,
    watch: config.KNOWLEDGE_WATCH,
    onChange: deps.onKnowledgeChange,
    packs: locales.packs,
    ticketPrefix: config.TICKET_CODE_PREFIX,
    modelCacheDir: config.MODEL_CACHE_DIR,
  });
  const redis = config.REDIS_URL && !deps.conversations ? connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX) : undefined;
  const sealer = config.WEB_CHAT_SECRET ? createStateSealer(stateKeyFrom(config.WEB_CHAT_SECRET)) : processStateSealer();
  const conversations =
    deps.conversations ??
    (redis
      ? new RedisConversationStore<ConversationState>(redis, undefined, sealer)
      : new MemoryConversationStore<ConversationState>(() => clock.now().getTime(), undefined, sealer));
  // Keyed like the sealed state, from the service secret, so every replica computes the same person keys.
  const people = createPersonLinks({
    store: tickets.personLinks,
    secret: config.WEB_CHAT_SECRET ? personKeySecretFrom(config.WEB_CHAT_SECRET) : processPersonKeySecret(),
  });
  const review = deps.review ?? (await openReviewQueue({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir, clock }));
  const core = createAssistant({
    knowledge,
    conversations,
    unanswered: review,
    logger,
    clock,
    defaultLang: config.DEFAULT_LANG,
    conversationTtlSeconds: config.CONVERSATION_TTL_MINUTES * 60,
    tickets: createTicketFeatures({
      store: tickets,
      logger,
      intakeTimeoutMinutes: config.INTAKE_TIMEOUT_MINUTES,
      ticketPrefix: config.TICKET_CODE_PREFIX,
      people,
    }),
    handoff: createHandoffFeatures({ store: tickets.handoffs, logger, timeoutMinutes: config.HANDOFF_TIMEOUT_MINUTES }),
    feedback: createFeedbackFeatures({ store: tickets.feedback, logger, onThumbsDown: (f) => review.recordThumbsDown(f) }),
    awayNotices: createAwayNotices({ queue: tickets.messages, logger }),
    ...(config.INTERPRETER === 'rules' ? { interpreterFor: (snapshot: KnowledgeSnapshot) => createRulesInterpreter(snapshot, config.TICKET_CODE_PREFIX) } : {}),
  });
  const assistant = countAnswers(core, review, logger);
  return {
    assistant,
    knowledge,
    review,
    retrieval: model ? 'hybrid' : 'lexical',
    async close() {
      knowledge.close();
      await redis?.quit();
      await assistant.close();
      if (!deps.review) await review.close();
    },
  };
}
