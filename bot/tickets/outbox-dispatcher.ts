import type { Clock, Logger } from '../ports.ts';
import type { Channel, QuickReply } from '../types.ts';
import { PermanentDeliveryError } from './errors.ts';
import { defaultNoticeText, type NoticeRenderer } from './notice-text.ts';
import type { Notifier, TicketNotice, TicketStore } from './ports.ts';
import { redact } from '../privacy/redact.ts';
import type { OutboxItem, Ticket } from './types.ts';

export interface OutboxDispatcherOptions {
  store: TicketStore;
  notifiers: Partial<Record<Channel, Notifier>>;
  clock: Clock;
  logger: Logger;
  render?: NoticeRenderer;
  batchSize?: number;
  /** How long a claimed item stays ours; longer than one send can take. */
  leaseMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface DispatchResult {
  delivered: number;
  retried: number;
  undeliverable: number;
}

export interface OutboxDispatcher {
  runOnce(): Promise<DispatchResult>;
  start(): void;
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
}

export function ratingQuickReplies(code: string): QuickReply[] {
  return [
    { label: '👍', payload: `rate:${code}:up` },
    { label: '👎', payload: `rate:${code}:down` },
  ];
}

/** Retry delay after `attempts` failures: base · 2^(attempts−1), capped. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends queued ticket updates at least once. An item is marked delivered right after the channel
 * accepts it; the outbox id travels as the idempotency key so a channel can drop a repeat sent
 * after a crash between the two steps.
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { store, notifiers, clock, logger } = options;
  const render = options.render ?? defaultNoticeText;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 2_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 6 * 60 * 60 * 1000;

  const notice = (item: OutboxItem, ticket: Ticket): TicketNotice => ({
    channel: item.channel,
    conversationId: item.conversationId,
    userId: item.userId,
    text: render(ticket, { status: item.status, publicNote: item.publicNote }, item.lang),
    quickReplies: item.status === 'resolved' ? ratingQuickReplies(item.ticketCode) : [],
    idempotencyKey: item.id,
    ticketCode: item.ticketCode,
  });

  async function deliver(item: OutboxItem, result: DispatchResult): Promise<void> {
    const notifier = notifiers[item.channel];
    const ticket = await store.getById(item.ticketId);
    if (!notifier || !ticket) {
      const reason = notifier ? 'ticket no longer exists' : `no notifier for channel ${item.channel}`;
      await store.outbox.markUndeliverable(item.id, reason);
      logger.warn('ticket update undeliverable', { outboxId: item.id, ticket: item.ticketCode, reason });
      result.undeliverable += 1;
      return;
    }
    try {
      await notifier.send(notice(item, ticket));
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err));
      const attempts = item.attempts + 1;
      if (err instanceof PermanentDeliveryError || attempts >= maxAttempts) {
        await store.outbox.markUndeliverable(item.id, message);
        logger.warn('ticket update undeliverable', { outboxId: item.id, ticket: item.ticketCode, attempts, error: message });
        result.undeliverable += 1;
      } else {
        const next = new Date(clock.now().getTime() + backoffDelay(attempts, baseDelayMs, maxDelayMs));
        await store.outbox.markFailed(item.id, message, next);
        logger.warn('ticket update failed, will retry', { outboxId: item.id, ticket: item.ticketCode, attempts, error: message });
        result.retried += 1;
      }
      return;
    }
    await store.outbox.markDelivered(item.id);
    result.delivered += 1;
  }

  async function runOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, retried: 0, undeliverable: 0 };
    const items = await store.outbox.claimDue(clock.now(), batchSize, leaseMs);
    // In order, so one conversation's updates arrive in the order they happened.
    for (const item of items) await deliver(item, result);
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;

  const tick = () => {
    running = runOnce()
      .catch((err: unknown) => logger.error('outbox dispatch failed', { error: redact(String(err)) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
