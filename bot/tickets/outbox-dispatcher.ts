import type { Clock, Logger } from '../ports.ts';
import type { Channel, QuickReply } from '../types.ts';
import { PermanentDeliveryError } from './errors.ts';
import { defaultNoticeText, type NoticeRenderer } from './notice-text.ts';
import type { Notifier, TicketNotice, TicketStore } from './ports.ts';
import { redact } from '../privacy/redact.ts';
import type { OutboxItem, Ticket } from './types.ts';
import type { QueuedMessageItem } from '../notices/ports.ts';

/**
 * Another way to reach the person when their channel cannot (Zalo's notification templates to a
 * consented phone number): true when it took the update.
 */
export type NoticeFallback = (notice: TicketNotice, ticket: Ticket, item: OutboxItem) => Promise<boolean>;

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
  /** Per channel, tried when the channel itself cannot deliver a ticket update. */
  fallbacks?: Partial<Record<Channel, NoticeFallback>>;
}

export interface DispatchResult {
  delivered: number;
  retried: number;
  undeliverable: number;
  /** Could not be pushed: kept for the person's next message. */
  held: number;
}

export interface OutboxDispatcher {
  runOnce(): Promise<DispatchResult>;
  start(): void;
  /** Runs a round now (a message was just queued) instead of at the next poll. */
  wake(): void;
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
    const update = notice(item, ticket);
    try {
      await notifier.send(update);
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err));
      const attempts = item.attempts + 1;
      if (err instanceof PermanentDeliveryError || attempts >= maxAttempts) {
        if (await viaFallback(update, ticket, item)) {
          await store.outbox.markDelivered(item.id);
          result.delivered += 1;
          return;
        }
        // Not dropped: the update waits for the person's next message.
        await store.messages.holdNew(
          {
            channel: item.channel,
            conversationId: item.conversationId,
            userId: item.userId,
            lang: item.lang,
            kind: 'ticket',
            ticketCode: item.ticketCode,
            text: update.text,
            update: { status: item.status, ...(item.publicNote ? { publicNote: item.publicNote } : {}) },
          },
          message,
          clock.now(),
        );
        await store.outbox.markUndeliverable(item.id, `held for the next message: ${message}`);
        logger.warn('ticket update held for the next message', { outboxId: item.id, ticket: item.ticketCode, attempts, error: message });
        result.held += 1;
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

  async function viaFallback(update: TicketNotice, ticket: Ticket, item: OutboxItem): Promise<boolean> {
    const fallback = options.fallbacks?.[item.channel];
    if (!fallback) return false;
    try {
      return await fallback(update, ticket, item);
    } catch (err) {
      logger.warn('ticket update fallback failed', { outboxId: item.id, ticket: item.ticketCode, error: redact(err instanceof Error ? err.message : String(err)) });
      return false;
    }
  }

  /** Staff replies and handoff news: the same channels, held for the next message when they cannot go out. */
  async function deliverMessage(item: QueuedMessageItem, result: DispatchResult): Promise<void> {
    const notifier = notifiers[item.channel];
    try {
      if (!notifier) throw new PermanentDeliveryError(`no notifier for channel ${item.channel}`);
      await notifier.send({
        channel: item.channel,
        conversationId: item.conversationId,
        userId: item.userId,
        text: item.text,
        quickReplies: [],
        idempotencyKey: item.id,
        ticketCode: item.ticketCode ?? '',
      });
    } catch (err) {
      const message = redact(err instanceof Error ? err.message : String(err));
      const attempts = item.attempts + 1;
      if (err instanceof PermanentDeliveryError || attempts >= maxAttempts) {
        await store.messages.hold(item.id, message);
        logger.warn('message held for the next message', { messageId: item.id, channel: item.channel, attempts, error: message });
        result.held += 1;
      } else {
        await store.messages.markFailed(item.id, message, new Date(clock.now().getTime() + backoffDelay(attempts, baseDelayMs, maxDelayMs)));
        result.retried += 1;
      }
      return;
    }
    await store.messages.markDelivered(item.id, clock.now());
    result.delivered += 1;
  }

  async function runOnce(): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, retried: 0, undeliverable: 0, held: 0 };
    const items = await store.outbox.claimDue(clock.now(), batchSize, leaseMs);
    // In order, so one conversation's updates arrive in the order they happened.
    for (const item of items) await deliver(item, result);
    const messages = await store.messages.claimDue(clock.now(), batchSize, leaseMs);
    for (const item of messages) await deliverMessage(item, result);
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  let inRound = false;
  let again = false;

  const round = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    inRound = true;
    running = runOnce()
      .catch((err: unknown) => logger.error('outbox dispatch failed', { error: redact(String(err)) }))
      .finally(() => {
        inRound = false;
        if (stopped) return;
        // A wake during the round runs another round straight away.
        if (again) {
          again = false;
          round();
        } else timer = setTimeout(round, pollMs);
      });
  };

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      round();
    },
    wake() {
      if (stopped) return;
      if (inRound) again = true;
      else round();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
