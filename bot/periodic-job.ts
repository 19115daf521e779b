/** Runs a task at start and then every `intervalMs`, never two at once; stop() waits for the one in flight. */
export interface PeriodicJob {
  start(): void;
  stop(): Promise<void>;
}

/** `task` reports its own outcome: a rejection here is only the safety net. */
export function periodicJob(task: () => Promise<void>, intervalMs: number): PeriodicJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(task).catch(() => {});
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
