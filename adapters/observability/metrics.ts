/**
 * Prometheus metrics through prom-client, served at GET /metrics: what the assistant is asked and
 * how it answers, how long webhooks take, and — read from the stores at scrape time, so every
 * replica reports the same shared figures — tickets by category and status, the outbox backlog and
 * the handoffs waiting for a person.
 */
import express, { type RequestHandler, type Router } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Assistant } from '../../bot/assistant.ts';
import type { Logger } from '../../bot/ports.ts';
import type { TicketCounts } from '../../bot/tickets/ports.ts';
import type { InboundMessage } from '../../bot/types.ts';

export interface MetricsSources {
  ticketCounts?: () => Promise<TicketCounts>;
  handoffsWaiting?: () => Promise<number>;
  logger?: Logger;
}

export interface Metrics {
  registry: Registry;
  /** The same assistant, counting every turn by channel, intent and language. */
  instrument(assistant: Assistant): Assistant;
  /** Wraps a channel's webhook router so the requests it handles are timed. */
  timeWebhooks(channel: string, router: Router): Router;
  /** GET /metrics in the Prometheus text format. */
  router(): Router;
}

/** Confidence buckets: refusals sit low, clear answers near 1; the decision thresholds fall between. */
const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1];
/** Webhook latency buckets in seconds, from a cached answer to a slow platform call. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hue_' });
  const registers = [registry];
  const messages = new Counter({ name: 'hue_messages_total', help: 'Messages handled, by channel, intent and reply language', labelNames: ['channel', 'intent', 'lang'], registers });
  const confidence = new Histogram({ name: 'hue_answer_confidence', help: 'Confidence of the answers given from the knowledge base', labelNames: ['lang'], buckets: CONFIDENCE_BUCKETS, registers });
  const refusals = new Counter({ name: 'hue_refusals_total', help: 'Questions the assistant declined as outside what it knows', labelNames: ['channel', 'lang'], registers });
  const webhook = new Histogram({ name: 'hue_webhook_duration_seconds', help: 'Time to answer a platform webhook', labelNames: ['channel', 'status'], buckets: LATENCY_BUCKETS, registers });
  const failedScrape = (what: string) => (error: unknown) => sources.logger?.warn('metrics source failed', { what, error: (error as Error).message });
  new Gauge({
    name: 'hue_tickets',
    help: 'Tickets by category and status',
    labelNames: ['category', 'status'],
    registers,
    async collect() {
      if (!sources.ticketCounts) return;
      const counts = await sources.ticketCounts().catch(failedScrape('tickets'));
      if (!counts) return;
      this.reset();
      for (const c of counts.byCategoryAndStatus) this.set({ category: c.category, status: c.status }, c.count);
    },
  });
  new Gauge({
    name: 'hue_outbox_pending',
    help: 'Status updates waiting to be delivered to the people who reported',
    registers,
    async collect() {
      const counts = await sources.ticketCounts?.().catch(failedScrape('outbox'));
      if (counts) this.set(counts.outboxPending);
    },
  });
  new Gauge({
    name: 'hue_handoffs_waiting',
    help: 'Conversations waiting for a staff member to take them over',
    registers,
    async collect() {
      const waiting = await sources.handoffsWaiting?.().catch(failedScrape('handoffs'));
      if (typeof waiting === 'number') this.set(waiting);
    },
  });

  const count = (message: InboundMessage, reply: Awaited<ReturnType<Assistant['handle']>>) => {
    const { intent, lang } = reply.meta;
    messages.inc({ channel: message.channel, intent, lang });
    if (intent === 'answer' && typeof reply.meta.confidence === 'number') confidence.observe({ lang }, reply.meta.confidence);
    if (intent === 'oos') refusals.inc({ channel: message.channel, lang });
  };

  const timed = (channel: string, router: Router): RequestHandler => (req, res, next) => {
    const started = process.hrtime.bigint();
    let handled = true;
    res.once('finish', () => {
      if (handled) webhook.observe({ channel, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    router(req, res, (error?: unknown) => {
      // The router did not take this request: it is some other route's to answer and time.
      handled = false;
      next(error);
    });
  };

  return {
    registry,
    instrument: (assistant) => ({
      // Everything but handle() passes straight through.
      ...(assistant.hasConversation ? { hasConversation: assistant.hasConversation.bind(assistant) } : {}),
      async handle(message) {
        const reply = await assistant.handle(message);
        count(message, reply);
        return reply;
      },
    }),
    timeWebhooks: (channel, router) => express.Router().use(timed(channel, router)),
    router() {
      const router = express.Router();
      router.get('/metrics', async (_req, res) => {
        res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(await registry.metrics());
      });
      return router;
    },
  };
}
