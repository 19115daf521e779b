/** The bench's per-thread CPU accounting reads this process's own threads from /proc. */
import { describe, expect, it } from 'vitest';
import { cpuPerRequest, threadTimes } from '../eval/bench/thread-cpu.ts';

describe.skipIf(process.platform !== 'linux')('thread CPU per request', () => {
  it('charges busy work to the thread that did it', () => {
    const before = threadTimes(process.pid);
    expect(before.has(process.pid)).toBe(true);
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    const cpu = cpuPerRequest(process.pid, before, threadTimes(process.pid), 10)!;
    // About 300 ms of main-thread work over 10 "requests": some 30,000 µs each (the clock ticks every 10 ms).
    expect(cpu.main_us).toBeGreaterThan(15_000);
    expect(cpu.total_us).toBeGreaterThanOrEqual(cpu.main_us);
    expect(cpuPerRequest(process.pid, before, new Map(), 10)).toBeUndefined();
  });
});
