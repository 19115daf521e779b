/**
 * Composition root: reads configuration once, builds every piece and wires them together.
 * The only file that imports from bot/, knowledge/ and adapters/ at once.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type AppConfig } from './adapters/config.ts';
import { createChannelsFromConfig, notifiersByChannel } from './adapters/channels/from-config.ts';
import { createOpen311Router } from './adapters/http/open311/router.ts';
import { createHttpApp } from './adapters/http/server.ts';
import { createStaffRouter } from './adapters/http/staff-api.ts';
import { createLogger } from './adapters/logger.ts';
import { MemoryConversationStore } from './adapters/state/memory-conversation-store.ts';
import { connectRedis, RedisConversationStore } from './adapters/state/redis-conversation-store.ts';
import { createRedisDedupe } from './adapters/state/redis-dedupe.ts';
import { FileUnansweredLog } from './adapters/state/unanswered-log.ts';
import { openTicketStore } from './adapters/stores/open-ticket-store.ts';
import { createWebMailbox } from './adapters/web/notices.ts';
import { createWebChatRouter } from './adapters/web/router.ts';
import { createAssistant } from './bot/assistant.ts';
import { createTicketFeatures } from './bot/complaints/ticket-features.ts';
import { systemClock, type Logger } from './bot/ports.ts';
import { createOutboxDispatcher } from './bot/tickets/outbox-dispatcher.ts';
import { createPurgeRunner } from './bot/tickets/purge-job.ts';
import type { ConversationState } from './bot/turn.ts';
import { loadLocalEmbeddings } from './knowledge/src/embeddings/transformers-embeddings.ts';
import { openKnowledgeStore } from './knowledge/src/knowledge-store.ts';

export interface RunningApp {
  server: Server;
  url: string;
  close(): Promise<void>;
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

export async function startApp(config: AppConfig, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<RunningApp> {
  mkdirSync(config.dataDir, { recursive: true });
  const clock = systemClock;
  const knowledge = await openKnowledgeStore({
    knowledgeDir: config.knowledgeDir,
    dataDir: config.dataDir,
    model: await loadModel(config, logger),
    logger,
    watch: config.KNOWLEDGE_WATCH,
  });
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL) : undefined;
  const conversations = redis ? new RedisConversationStore<ConversationState>(redis) : new MemoryConversationStore<ConversationState>();
  const tickets = await openTicketStore({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX, clock });
  const unanswered = new FileUnansweredLog(join(config.dataDir, 'unanswered.jsonl'));
  const assistant = createAssistant({
    knowledge,
    conversations,
    unanswered,
    logger,
    clock,
    defaultLang: config.DEFAULT_LANG,
    ticketPrefix: config.TICKET_CODE_PREFIX,
    conversationTtlSeconds: config.CONVERSATION_TTL_MINUTES * 60,
    tickets: createTicketFeatures({ store: tickets, logger, intakeTimeoutMinutes: config.INTAKE_TIMEOUT_MINUTES, ticketPrefix: config.TICKET_CODE_PREFIX }),
  });
  const channels = createChannelsFromConfig(config, {
    assistant,
    logger,
    references: tickets.conversationRefs,
    ...(redis ? { dedupe: createRedisDedupe(redis) } : {}),
  });
  const web = createWebMailbox();
  const dispatcher = createOutboxDispatcher({ store: tickets, notifiers: { ...notifiersByChannel(channels), web: web.notifier }, clock, logger });
  const purge = createPurgeRunner({ store: tickets, clock, logger, retentionDays: config.RETENTION_DAYS });
  const app = createHttpApp({
    assistant,
    logger,
    routers: [
      ...channels.flatMap((c) => (c.router ? [{ path: '/', router: c.router }] : [])),
      { path: '/', router: web.router },
      { path: '/', router: createWebChatRouter({ dataDir: config.dataDir }) },
      { path: '/staff/api', router: createStaffRouter({ store: tickets, tokens: config.STAFF_TOKENS, logger }) },
      {
        path: '/open311/v2',
        router: createOpen311Router({
          store: tickets,
          categories: () => knowledge.current().categories(),
          apiKeys: config.OPEN311_API_KEYS,
          jurisdictionId: config.OPEN311_JURISDICTION_ID,
          clock,
          logger,
        }),
      },
    ],
    health: () => ({ knowledge: knowledge.current().version, entries: knowledge.current().entries().length }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  for (const channel of channels) await channel.start?.();
  dispatcher.start();
  purge.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info('hue-assistant listening', {
    url,
    tickets: config.DATABASE_URL ? 'postgresql' : 'sqlite',
    conversations: config.REDIS_URL ? 'redis' : 'memory',
    channels: ['web', ...channels.map((c) => c.name)],
  });
  return {
    server,
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await dispatcher.stop();
      for (const channel of channels) await channel.stop?.();
      await purge.stop();
      knowledge.close();
      await redis?.quit();
      await tickets.close();
      await unanswered.close();
    },
  };
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const running = await startApp(config, logger);
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`start-up failed: ${error.message}`);
    process.exit(1);
  });
}
