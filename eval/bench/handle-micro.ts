/** In-process cost of one assistant turn: `handle()` over the dev set, lexical-only, each case a first turn. */
import { performance } from 'node:perf_hooks';
import { readDataset } from '../dataset.ts';
import { createLocalAssistant } from '../local-assistant.ts';
import { percentile } from './stats.ts';

export async function handleMicro(datasetPath: string): Promise<{ messages: number; p50_ms: number; p95_ms: number }> {
  const cases = readDataset(datasetPath);
  const local = await createLocalAssistant({ lexicalOnly: true });
  const times: number[] = [];
  // One warm-up pass so the timings are of the steady state, not of JIT compilation.
  for (const pass of [0, 1]) {
    for (const [i, c] of cases.entries()) {
      const started = performance.now();
      await local.assistant.handle({ channel: 'eval', conversationId: `micro-${pass}-${i}`, userId: `micro-${i}`, text: c.text });
      if (pass === 1) times.push(performance.now() - started);
    }
  }
  local.knowledge.close();
  return { messages: times.length, p50_ms: percentile(times, 50), p95_ms: percentile(times, 95) };
}
