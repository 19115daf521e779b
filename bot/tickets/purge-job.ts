import type { Clock, Logger } from '../ports.ts';
import { periodicJob, type PeriodicJob } from '../periodic-job.ts';
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

export type PurgeRunner = PeriodicJob;

/** Runs the purge at start and then every `intervalMs` (default 6 h). */
export function createPurgeRunner(options: PurgeRunnerOptions): PurgeRunner {
  return periodicJob(
    () =>
      purgePersonalData(options.store, options.clock, options.retentionDays)
        .then((count) => {
          if (count > 0) options.logger.info('personal data purged', { tickets: count, retentionDays: options.retentionDays });
        })
        .catch((err: unknown) => options.logger.error('personal data purge failed', { error: String(err) })),
    options.intervalMs ?? 6 * 60 * 60 * 1000,
  );
}
