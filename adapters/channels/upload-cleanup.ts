/**
 * Removes photos that no ticket uses once they are older than the retention period: uploads of
 * intakes that were cancelled or abandoned, and photos of tickets whose personal data was erased.
 */
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
  const intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = () => {
    const before = new Date(options.clock.now().getTime() - options.retentionHours * 3_600_000);
    return options.uploads.cleanUp(before, (refs) => options.tickets.photosInUse(refs));
  };
  const run = () => {
    running = runOnce()
      .then((deleted) => {
        if (deleted > 0) options.logger.info('unused photos removed', { photos: deleted, retentionHours: options.retentionHours });
      })
      .catch((error: unknown) => options.logger.error('photo clean-up failed', { error: String(error) }));
  };
  return {
    runOnce,
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
