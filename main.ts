/**
 * Composition root: reads configuration once, builds every piece and wires them together.
 * The assistant itself is assembled by adapters/runtime, on this thread or in worker threads.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type AppConfig } from './adapters/config.ts';
import express from 'express';
import { createChannelsFromConfig, fallbacksByChannel, notifiersByChannel } from './adapters/channels/from-config.ts';
import { createAuthBackoff } from './adapters/http/auth-backoff.ts';
import { createChatLimits } from './adapters/http/chat-limits.ts';
import { createUploadCleanup } from './adapters/channels/upload-cleanup.ts';
import { createUploadStore, uploadFile } from './adapters/channels/uploads.ts';
import { UPLOADS_PATH } from './adapters/web/upload-router.ts';
import { createHandoffRouter } from './adapters/http/handoff-api.ts';
import { createInboxPages } from './adapters/http/console/inbox-pages.ts';
import { createRedisNoticeMailbox } from './adapters/state/redis-notice-mailbox.ts';
import { createStaffDesk } from './bot/handoff/staff-desk.ts';
import { createOpen311Router } from './adapters/http/open311/router.ts';
import { gracefulServer } from './adapters/http/graceful-close.ts';
import { readinessHandler } from './adapters/http/readiness.ts';
import { createHttpApp } from './adapters/http/server.ts';
import { createStaffRouter } from './adapters/http/staff-api.ts';
import { createStaffAuth, recordStaffAction, requireStaff } from './adapters/http/staff-auth.ts';
import { createConsoleLayout } from './adapters/http/console/layout.ts';
import { createConsoleRouter } from './adapters/http/console/router.ts';
import { createConsoleStrings } from './adapters/http/console/strings.ts';
import { knownWards } from './bot/tickets/ward.ts';
import { createCurationRouter } from './adapters/http/curation-api.ts';
import { createCurationPages } from './adapters/http/curation-pages.ts';
import { createReviewActions } from './adapters/curation/review-actions.ts';
import { cityProfile } from './bot/locale/installed.ts';
import { createLogger } from './adapters/logger.ts';
import { createMetrics } from './adapters/observability/metrics.ts';
import { openAssistantRuntime } from './adapters/runtime/assistant-runtime.ts';
import { startWorkerAssistant } from './adapters/runtime/worker-assistant.ts';
import { installLocalesFrom, loadConsoleStrings } from './knowledge/src/locales.ts';
import { summarize } from './adapters/runtime/worker-protocol.ts';
import { connectRedis } from './adapters/state/redis-conversation-store.ts';
import { createRedisDedupe } from './adapters/state/redis-dedupe.ts';
import { memorySharedState, redisSharedState } from './adapters/state/shared-state.ts';
import { openChannelTokens } from './adapters/stores/channel-tokens.ts';
import { openReviewQueue } from './adapters/stores/open-review-queue.ts';
import { openStaffStore } from './adapters/stores/open-staff-store.ts';
import { createKnowledgeEditor } from './knowledge/src/editing/knowledge-editor.ts';
import { openTicketStore } from './adapters/stores/open-ticket-store.ts';
import { resolveWebChatSecret } from './adapters/web/identity.ts';
import { createWebMailbox } from './adapters/web/notices.ts';
import { createWebChatRouter } from './adapters/web/router.ts';
import { systemClock, type Logger } from './bot/ports.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from './bot/tickets/outbox-dispatcher.ts';
import type { TicketStore } from './bot/tickets/ports.ts';
import { createPurgeRunner } from './bot/tickets/purge-job.ts';

export interface RunningApp {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The same store, telling `changed` after every status change (it queues an update for the reporter). */
function wakeOnChange(store: TicketStore, changed: () => void): TicketStore {
  return {
    ...store,
    async changeStatus(code, change) {
      const ticket = await store.changeStatus(code, change);
      changed();
      return ticket;
    },
  };
}

/** The assistant and the knowledge facts the HTTP thread needs, inline or in worker threads. */
async function startAssistant(config: AppConfig, logger: Logger, tickets: TicketStore) {
  if (config.ASSISTANT_WORKERS > 0) {
    const workers = await startWorkerAssistant({ config, logger, workers: config.ASSISTANT_WORKERS });
    return { assistant: workers, knowledge: () => workers.knowledge(), close: () => workers.close() };
  }
  const runtime = await openAssistantRuntime(config, { tickets, clock: systemClock, logger });
  return { assistant: runtime.assistant, knowledge: () => summarize(runtime.knowledge.current()), close: () => runtime.close() };
}

export async function startApp(given: AppConfig, logger: Logger = createLogger(given.LOG_LEVEL, given.LOG_FILE ? { file: given.LOG_FILE } : undefined)): Promise<RunningApp> {
  mkdirSync(given.dataDir, { recursive: true });
  // Resolved once, before any worker starts: it signs identity cookies and keys the sealed conversation state.
  const config: AppConfig = { ...given, WEB_CHAT_SECRET: resolveWebChatSecret(given.WEB_CHAT_SECRET, given.dataDir) };
  // The HTTP thread speaks too (channel texts, errors), also when turns run in worker threads.
  installLocalesFrom(config.knowledgeDir, { ticketPrefix: config.TICKET_CODE_PREFIX, defaultLang: config.DEFAULT_LANG });
  const clock = systemClock;
  // Opened (and migrated) before any worker opens its own connection to the same store.
  const tickets = await openTicketStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX, clock });
  const staffStore = await openStaffStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
  const review = await openReviewQueue({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir, clock });
  const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX) : undefined;
  // Everything a turn needs besides conversation state: in Redis when set, so any replica takes any turn.
  const state = redis ? redisSharedState(redis) : memorySharedState();
  const authBackoff = (name: string) =>
    createAuthBackoff({ state, name, failures: config.AUTH_FAILURES_BEFORE_BACKOFF, backoffSeconds: config.AUTH_BACKOFF_SECONDS });
  const staffAuth = createStaffAuth(
    {
      store: staffStore,
      tokens: config.staffTokens,
      logger,
      clock,
      idleMinutes: config.STAFF_SESSION_IDLE_MINUTES,
      maxAgeHours: config.STAFF_SESSION_MAX_HOURS,
      backoff: authBackoff('staff'),
    },
    await staffStore.secret('staff-csrf'),
  );
  // The console's frame; every area's console pages register in its navigation.
  const consoleLayout = createConsoleLayout({
    strings: createConsoleStrings(loadConsoleStrings(config.knowledgeDir), config.DEFAULT_LANG),
    csrfToken: staffAuth.csrfToken,
  });
  const metrics = createMetrics({ ticketCounts: () => tickets.counts(), handoffsWaiting: () => tickets.handoffs.countWaiting(), logger });
  const started = await startAssistant(config, logger, tickets);
  const { knowledge, close: closeAssistant } = started;
  // Editors' changes to the knowledge files; the assistant's file watcher reloads them.
  const knowledgeFiles = createKnowledgeEditor({ knowledgeDir: config.knowledgeDir, topicsFile: config.topicsFile });
  const reviewActions = createReviewActions({
    queue: review,
    knowledge: knowledgeFiles,
    servedVersion: () => knowledge().version,
    logger,
    // Without the watcher nothing reloads: an action then returns at once and says so.
    reloadTimeoutMs: config.KNOWLEDGE_WATCH ? 180_000 : 0,
  });
  const ratings = { byEntry: () => tickets.feedback.tally() };
  // Every way in (channels, chat API) shares one instrumented assistant.
  const assistant = metrics.instrument(started.assistant);
  const channelTokens = openChannelTokens({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir });
  const channels = createChannelsFromConfig(config, {
    assistant,
    logger,
    references: tickets.conversationRefs,
    state,
    channelTokens,
    ...(redis ? { dedupe: createRedisDedupe(redis) } : {}),
  });
  // With Redis, every server sees every web-chat notice and pushes it to the browsers it holds.
  const web = createWebMailbox({ ...(redis ? { mailbox: await createRedisNoticeMailbox(redis) } : {}) });
  const dispatcher = createOutboxDispatcher({
    store: tickets,
    notifiers: { ...notifiersByChannel(channels), web: web.notifier },
    fallbacks: fallbacksByChannel(channels),
    clock,
    logger,
    pollMs: 1000,
    leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
  });
  // Staff actions queue messages; they go out at once rather than at the next poll.
  const staffTickets = wakeOnChange(tickets, () => dispatcher.wake());
  const desk = createStaffDesk({ store: tickets.handoffs, clock, logger, timeoutMinutes: config.HANDOFF_TIMEOUT_MINUTES, onQueued: () => dispatcher.wake() });
  const handoffApi = express.Router().use('/handoffs', requireStaff('agent')).use(createHandoffRouter({ desk, logger, audit: recordStaffAction }));
  let stopping = false;
  const uploads = createUploadStore(config.uploadsDir, {
    maxBytes: config.UPLOAD_MAX_BYTES,
    perOwner: config.UPLOADS_PER_CONVERSATION,
    totalBytes: config.UPLOADS_MAX_TOTAL_MB * 1024 * 1024,
  });
  const uploadCleanup = createUploadCleanup({ uploads, tickets, clock, logger, retentionHours: config.UPLOAD_RETENTION_HOURS });
  const purge = createPurgeRunner({ store: tickets, clock, logger, retentionDays: config.RETENTION_DAYS });
  const app = createHttpApp({
    assistant,
    logger,
    ownsUpload: (owner, ref) => uploads.owns(owner, ref),
    webChatSecret: config.WEB_CHAT_SECRET,
    trustProxy: config.TRUST_PROXY,
    chatLimits: createChatLimits({ state, perConversation: config.CHAT_LIMIT_PER_CONVERSATION, perIp: config.CHAT_LIMIT_PER_IP }),
    bodyLimit: { maxBytes: config.MAX_BODY_BYTES, exceptions: [{ path: UPLOADS_PATH, maxBytes: Math.max(config.MAX_BODY_BYTES, Math.ceil(config.UPLOAD_MAX_BYTES * 1.4) + 1024) }] },
    routers: [
      { path: '/', router: metrics.router() },
      ...channels.flatMap((c) => (c.router ? [{ path: '/', router: metrics.timeWebhooks(c.name, c.router) }] : [])),
      { path: '/', router: web.router },
      {
        path: '/',
        router: createWebChatRouter({
          uploads,
          maxBytes: config.UPLOAD_MAX_BYTES,
          isLiveConversation: async (conversationId) => (await started.assistant.hasConversation?.('web', conversationId)) ?? false,
        }),
      },
      // Identifies the staff member for every router under /staff; each route then says who may use it.
      { path: '/staff', router: staffAuth.router },
      { path: '/staff/api', router: handoffApi },
      { path: '/staff', router: createInboxPages({ desk, layout: consoleLayout, logger }) },
      { path: '/staff/api', router: createStaffRouter({ store: staffTickets, logger }) },
      {
        path: '/staff',
        router: createConsoleRouter({
          store: staffTickets,
          layout: consoleLayout,
          categories: () => knowledge().categories,
          wards: knownWards,
          cityName: () => cityProfile().name[config.DEFAULT_LANG] ?? cityProfile().id,
          photoFile: (ref) => uploadFile(config.uploadsDir, ref),
          clock,
          logger,
        }),
      },
      { path: '/staff/api', router: createCurationRouter({ queue: review, knowledge: knowledgeFiles, actions: reviewActions, ratings, clock }) },
      { path: '/staff', router: createCurationPages({ layout: consoleLayout, queue: review, knowledge: knowledgeFiles, actions: reviewActions, ratings, clock }) },
      {
        path: '/open311/v2',
        router: createOpen311Router({
          store: tickets,
          categories: () => knowledge().categories,
          apiKeys: config.OPEN311_API_KEYS,
          backoff: authBackoff('open311'),
          jurisdictionId: config.OPEN311_JURISDICTION_ID,
          clock,
          logger,
        }),
      },
    ],
    health: () => ({ knowledge: knowledge().version, entries: knowledge().entries }),
    readiness: readinessHandler({
      stopping: () => stopping,
      checks: {
        database: async () => tickets.ping(),
        ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
        knowledge: async () => {
          const summary = knowledge();
          if (summary.entries === 0) throw new Error('the knowledge base has no entries');
          return { version: summary.version, entries: summary.entries };
        },
      },
    }),
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
  });
  const http = gracefulServer(server);
  for (const channel of channels) await channel.start?.();
  dispatcher.start();
  desk.start();
  purge.start();
  uploadCleanup.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info('hue-assistant listening', {
    url,
    tickets: config.DATABASE_URL ? 'postgresql' : 'sqlite',
    conversations: config.REDIS_URL ? 'redis' : 'memory',
    assistantWorkers: config.ASSISTANT_WORKERS,
    channels: ['web', ...channels.map((c) => c.name)],
  });
  return {
    server,
    url,
    async close() {
      // Event streams never end by themselves; closing them first lets the server close.
      await web.close();
      // Within SHUTDOWN_TIMEOUT_MS in all: answers in flight first, then the outbox, then the stores.
      stopping = true;
      const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
      const left = () => Math.max(0, deadline - Date.now());
      const drained = await http.close(left() - Math.min(2000, config.SHUTDOWN_TIMEOUT_MS * 0.3));
      if (!drained) logger.warn('requests still open at the shutdown deadline were cut off');
      await dispatcher.stop();
      const flushed = await flushOutbox(dispatcher, left);
      logger.info('outbox flushed', flushed);
      await desk.stop();
      for (const channel of channels) await channel.stop?.();
      await purge.stop();
      await uploadCleanup.stop();
      await closeAssistant();
      await redis?.quit();
      await channelTokens.close();
      await staffStore.close();
      await review.close();
      await tickets.close();
    },
  };
}

/** Delivers what is due now, batch by batch, until nothing is left or time runs out. */
async function flushOutbox(dispatcher: OutboxDispatcher, left: () => number): Promise<{ delivered: number; retried: number }> {
  const total = { delivered: 0, retried: 0 };
  while (left() > 0) {
    let timer: NodeJS.Timeout | undefined;
    const batch = await Promise.race([
      dispatcher.runOnce().catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), left()))),
    ]);
    clearTimeout(timer);
    if (!batch) break;
    total.delivered += batch.delivered;
    total.retried += batch.retried;
    if (batch.delivered + batch.retried + batch.undeliverable === 0) break;
  }
  return total;
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
  const logger = createLogger(config.LOG_LEVEL, config.LOG_FILE ? { file: config.LOG_FILE } : undefined);
  const running = await startApp(config, logger);
  let signalled = false;
  const shutdown = (signal: string) => {
    // A second signal means "now".
    if (signalled) process.exit(1);
    signalled = true;
    logger.info('shutting down', { signal, deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
    // Whatever hangs past the deadline (a store that does not answer) does not keep the process alive.
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 1000).unref();
    running.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error('shutdown failed', { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`start-up failed: ${error.message}`);
    process.exit(1);
  });
}
