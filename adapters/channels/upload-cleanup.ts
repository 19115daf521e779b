/**
 * Removes photos that no ticket uses once they are older than the retention period: uploads of
 * intakes that were cancelled or abandoned, and photos of tickets whose personal data was erased.
 */
import { periodicJob } from '../../bot/periodic-job.ts';
import type { Clock, Logger } from '../../bot/ports.ts';
import type { TicketStore } from '../../bot/tickets/ports.ts';
import type { UploadStore } from './uploads.ts';

export interface UploadCleanupOptions {
  uploads: UploadStore;
  tickets: Pick<TicketStore, 'photosInUse'>;
  clock: Clock;
  logger: Logger;
  /** Longer than an intake may take, so a photo waiting for its ticket is never removed. */
  retentionHours: number;
  intervalMs?: number;
}

export interface UploadCleanup {
  runOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createUploadCleanup(options: UploadCleanupOptions): UploadCleanup {
  const runOnce = () => {
    const before = new Date(options.clock.now().getTime() - options.retentionHours * 3_600_000);
    return options.uploads.cleanUp(before, (refs) => options.tickets.photosInUse(refs));
  };
  const job = periodicJob(
    () =>
      runOnce()
        .then((deleted) => {
          if (deleted > 0) options.logger.info('unused photos removed', { photos: deleted, retentionHours: options.retentionHours });
        })
        .catch((error: unknown) => options.logger.error('photo clean-up failed', { error: String(error) })),
    options.intervalMs ?? 60 * 60 * 1000,
  );
  return { runOnce, ...job };
}
