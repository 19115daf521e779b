/**
 * `node --import tsx --expose-gc eval/bench/scale-run.ts <entries> [queries]`
 * One scale measurement in a fresh process (so memory is its own): builds our LexicalIndex over a
 * synthetic knowledge base, times lexical-only queries, and writes the index to a temp file.
 * Prints one JSON line: { build_s, query_p95_ms, query_p50_ms, rss_mb, index_mb, docs, terms }.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LexicalIndex } from '../../knowledge/src/lexical/lexical-index.ts';
import { percentile } from './stats.ts';
import { seededRandom } from '../../knowledge/src/understanding/random.ts';
import { syntheticDocs, type SyntheticEntry } from './synthetic-kb.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => process.memoryUsage().rss / 1024 / 1024;

/** Streams the serialised index to disk term by term: one JSON string of a 100k-entry index is too big to build at once. */
function writeIndex(index: LexicalIndex, path: string): number {
  const { terms, ...head } = index.toJSON();
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, JSON.stringify(head).slice(0, -1) + ',"terms":[');
    terms.forEach((t, i) => writeSync(fd, (i ? ',' : '') + JSON.stringify(t)));
    writeSync(fd, ']}');
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/** A query from a kept entry's question, with one word dropped, in one of three languages. */
function queries(kept: SyntheticEntry[], n: number): { text: string; lang: 'vi' | 'en' | 'zh' }[] {
  const rnd = seededRandom(7);
  return Array.from({ length: n }, (_, i) => {
    const entry = kept[Math.floor(rnd() * kept.length)]!;
    const lang = (['vi', 'en', 'zh'] as const)[i % 3]!;
    const parts = lang === 'zh' ? [...entry.question.zh] : entry.question[lang].split(' ');
    parts.splice(Math.floor(rnd() * parts.length), 1);
    return { text: parts.join(lang === 'zh' ? '' : ' '), lang };
  });
}

const entries = Number(process.argv[2] ?? 10_000);
const queryCount = Number(process.argv[3] ?? 500);
gc?.();
const before = rssMb();
const kept: SyntheticEntry[] = [];
const started = performance.now();
const index = LexicalIndex.build(syntheticDocs(entries, 1, kept));
const buildS = (performance.now() - started) / 1000;
// V8 hands the build's freed pages back to the OS a moment after a collection: measure the index, not that garbage.
gc?.();
await new Promise((resolve) => setTimeout(resolve, 2000));
gc?.();
const rss = rssMb() - before;
const times: number[] = [];
for (const q of queries(kept, queryCount)) {
  const t = performance.now();
  index.search(q.text, q.lang, 5);
  times.push(performance.now() - t);
}
const dir = mkdtempSync(join(tmpdir(), 'hue-scale-'));
const bytes = writeIndex(index, join(dir, 'lexical.json'));
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    build_s: Number(buildS.toFixed(2)),
    query_p95_ms: percentile(times, 95),
    query_p50_ms: percentile(times, 50),
    rss_mb: Number(rss.toFixed(1)),
    index_mb: Number((bytes / 1024 / 1024).toFixed(1)),
    ...index.size,
  }),
);
