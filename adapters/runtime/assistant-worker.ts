/**
 * An assistant worker thread: builds its own assistant from the configuration it is started with
 * and answers turns posted by the HTTP thread. Logs go back to the HTTP thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, type Logger } from '../../bot/ports.ts';
import { logsAt } from '../logger.ts';
import { openTicketStore } from '../stores/open-ticket-store.ts';
import { openAssistantRuntime } from './assistant-runtime.ts';
import { summarize, type FromWorker, type ToWorker, type WorkerStart } from './worker-protocol.ts';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const { config } = workerData as WorkerStart;

const forward = (level: 'info' | 'warn' | 'error') => (message: string, context?: Record<string, unknown>) => {
  if (logsAt(config.LOG_LEVEL, level)) post({ kind: 'log', level, message, context });
};
const logger: Logger = { info: forward('info'), warn: forward('warn'), error: forward('error') };

const tickets = await openTicketStore({ databaseUrl: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, dataDir: config.dataDir, codePrefix: config.TICKET_CODE_PREFIX, clock: systemClock });
const runtime = await openAssistantRuntime(config, {
  tickets,
  clock: systemClock,
  logger,
  onKnowledgeChange: (snapshot) => post({ kind: 'knowledge', knowledge: summarize(snapshot) }),
});

port.on('message', (message: ToWorker) => {
  if (message.kind === 'close') {
    // With the stores closed and the port closed, nothing keeps the thread alive: it exits.
    void Promise.allSettled([runtime.close(), tickets.close()]).then(() => port.close());
    return;
  }
  if (message.kind === 'exists') {
    void (runtime.assistant.hasConversation?.(message.channel, message.conversationId) ?? Promise.resolve(false)).then(
      (exists) => post({ kind: 'exists', id: message.id, exists }),
      () => post({ kind: 'exists', id: message.id, exists: false }),
    );
    return;
  }
  runtime.assistant.handle(message.message).then(
    (reply) => post({ kind: 'reply', id: message.id, reply }),
    (error: Error) => post({ kind: 'failed', id: message.id, error: error.message }),
  );
});
post({ kind: 'ready', knowledge: summarize(runtime.knowledge.current()) });
