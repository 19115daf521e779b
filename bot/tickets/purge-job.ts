import type { Clock, Logger } from '../ports.ts';
import type { TicketStore } from './ports.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Erases personal data of tickets older than the retention period; returns how many. */
export async function purgePersonalData(store: TicketStore, clock: Clock, retentionDays: number): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * DAY_MS);
  return store.purgePersonalDataOlderThan(cutoff);
}

export interface PurgeRunnerOptions {
  store: TicketStore;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  intervalMs?: number;
}

export interface PurgeRunner {
  start(): void;
  stop(): Promise<void>;
}

/** Runs the purge at start and then every `intervalMs` (default 6 h). */
export function createPurgeRunner(options: PurgeRunnerOptions): PurgeRunner {
  const intervalMs = options.intervalMs ?? 6 * 60 * 60 * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = purgePersonalData(options.store, options.clock, options.retentionDays)
      .then((count) => {
        if (count > 0) options.logger.info('personal data purged', { tickets: count, retentionDays: options.retentionDays });
      })
      .catch((err: unknown) => options.logger.error('personal data purge failed', { error: String(err) }));
  };
  return {
    start() {
      if (timer) return;
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
