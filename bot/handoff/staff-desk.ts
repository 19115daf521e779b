/**
 * What city staff do with handoffs, with the person told in their own language: a staff member
 * joins, writes, hands the conversation back; nobody picks it up in time and the person is given
 * the public contact for them instead.
 */
import { t } from '../i18n/catalog.ts';
import type { Clock, Logger } from '../ports.ts';
import type { MessageParams } from '../locale/translate.ts';
import { HandoffNotFoundError } from './errors.ts';
import type { HandoffStore } from './ports.ts';
import type { Handoff, HandoffStatus, QueuedMessage } from './types.ts';

export interface StaffDeskOptions {
  store: HandoffStore;
  clock: Clock;
  logger: Logger;
  timeoutMinutes: number;
  /** Called once a message for the person is queued, so it goes out without waiting for the next poll. */
  onQueued?: () => void;
}

export interface StaffDesk {
  list(status?: readonly HandoffStatus[]): Promise<Handoff[]>;
  get(id: string): Promise<Handoff>;
  claim(id: string, by: string): Promise<Handoff>;
  reply(id: string, by: string, text: string): Promise<Handoff>;
  release(id: string, by: string): Promise<Handoff>;
  /** Closes handoffs nobody picked up in time; returns how many. */
  expireOverdue(): Promise<number>;
  /** Checks for overdue handoffs every `intervalMs` (default 30 s). */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function handoffNotice(handoff: Handoff, key: string, params?: MessageParams): QueuedMessage {
  return {
    channel: handoff.channel,
    conversationId: handoff.conversationId,
    userId: handoff.userId,
    lang: handoff.lang,
    kind: 'handoff',
    text: t(handoff.lang, key, params),
  };
}

export function createStaffDesk(options: StaffDeskOptions): StaffDesk {
  const { store, clock, logger } = options;
  const queued = <T>(value: T): T => {
    options.onQueued?.();
    return value;
  };
  const get = async (id: string) => {
    const handoff = await store.get(id);
    if (!handoff) throw new HandoffNotFoundError(id);
    return handoff;
  };

  async function expireOverdue(): Promise<number> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - options.timeoutMinutes * 60_000);
    const expired = await store.expireWaiting(cutoff, (h) => handoffNotice(h, `handoff.timeout.${h.contact}`), now);
    if (expired.length > 0) {
      logger.info('handoffs timed out', { count: expired.length });
      options.onQueued?.();
    }
    return expired.length;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  return {
    list: (status) => store.list({ status: status ?? ['waiting', 'claimed'], limit: 100 }),
    get,
    async claim(id, by) {
      const handoff = await get(id);
      return queued(await store.claim(id, by, clock.now(), handoffNotice(handoff, 'handoff.claimed')));
    },
    async reply(id, by, text) {
      const handoff = await get(id);
      return queued(await store.addStaffMessage(id, by, text, handoffNotice(handoff, 'handoff.staff-message', { text }), clock.now()));
    },
    async release(id, by) {
      const handoff = await get(id);
      return queued(await store.release(id, by, handoffNotice(handoff, 'handoff.released'), clock.now()));
    },
    expireOverdue,
    start(intervalMs = 30_000) {
      if (timer) return;
      const run = () => {
        running = expireOverdue().catch((error: unknown) => logger.error('handoff timeout check failed', { error: String(error) }));
      };
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
