/**
 * `npm run bench [-- --duration 10] [--connections 20] [--skip-scale] [--json]`
 * 1. handle() micro-benchmark (in-process, lexical-only, dev set);
 * 2. the real server (main.ts, child process) under POST /api/chat load, beside a bare express
 *    JSON endpoint as the ceiling, both on 127.0.0.1;
 * 3. scale: our LexicalIndex over synthetic 10,000- and 100,000-entry knowledge bases.
 * Writes eval/reports/bench.{md,json}; with --json the last line is the summary object.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './bench/child-server.ts';
import { handleMicro } from './bench/handle-micro.ts';
import { loadChat, type LoadResult } from './bench/load.ts';
import { round } from './bench/stats.ts';
import { cpuPerRequest, threadTimes, type CpuPerRequest } from './bench/thread-cpu.ts';
import { describeMachine, machine, writeNamedReport, type Machine } from './report.ts';
import { option } from './run.ts';

export interface ScaleResult {
  build_s: number;
  query_p95_ms: number;
  rss_mb: number;
  index_mb: number;
}

export interface BenchSummary {
  throughput_rps: number;
  ceiling_rps: number;
  ratio: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
  scale: Record<string, ScaleResult>;
}

/** Query count per scale size: the 100k run is bounded so the whole bench stays within minutes. */
const SCALE_QUERIES: Record<number, number> = { 10_000: 500, 100_000: 100 };

function scaleRun(entries: number): ScaleResult & Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', 'eval/bench/scale-run.ts', String(entries), String(SCALE_QUERIES[entries] ?? 500)], {
    encoding: 'utf8',
    timeout: 150_000,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ScaleResult & Record<string, number>;
}

type Measured = LoadResult & { rss_mb: number; cpu?: CpuPerRequest };

async function underLoad(script: string, env: Record<string, string>, duration: number, connections: number): Promise<Measured> {
  const server = await startChildServer(script, env);
  try {
    // A short warm-up so JIT and first-load costs stay out of the measurement.
    await loadChat(server.url, 1, connections);
    const before = threadTimes(server.pid);
    const result = await loadChat(server.url, duration, connections);
    const cpu = cpuPerRequest(server.pid, before, threadTimes(server.pid), result.requests);
    return { ...result, rss_mb: server.rssMb() ?? 0, ...(cpu ? { cpu } : {}) };
  } finally {
    await server.stop();
  }
}

export function benchMarkdown(
  m: Machine,
  s: BenchSummary,
  extra: { handle: { p50_ms: number; p95_ms: number; messages: number }; duration: number; connections: number; server: Measured; inline: Measured; ceiling: Measured },
): string {
  const lines = [
    '# Performance',
    '',
    describeMachine(m),
    '',
    `In-process \`handle()\` (lexical-only, ${extra.handle.messages} dev messages): p50 ${extra.handle.p50_ms} ms, p95 ${extra.handle.p95_ms} ms per message.`,
    '',
    `HTTP \`POST /api/chat\`, ${extra.duration} s, ${extra.connections} connections, 127.0.0.1, every request a new conversation:`,
    '',
    '| server | messages/s | p50 ms | p99 ms | RSS MB | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| hue-assistant (main.ts, defaults: turns in 1 worker thread) | ${s.throughput_rps} | ${s.p50_ms} | ${s.p99_ms} | ${s.rss_mb} | ${extra.server.non2xx} |`,
    `| hue-assistant, turns on the HTTP thread (ASSISTANT_WORKERS=0) | ${extra.inline.rps} | ${extra.inline.p50_ms} | ${extra.inline.p99_ms} | ${extra.inline.rss_mb} | ${extra.inline.non2xx} |`,
    `| bare express JSON (ceiling) | ${s.ceiling_rps} | ${extra.ceiling.p50_ms} | ${extra.ceiling.p99_ms} | – | ${extra.ceiling.non2xx} |`,
    '',
    `Ratio to the ceiling: ${(s.ratio * 100).toFixed(1)}% with the defaults, ${extra.ceiling.rps ? ((extra.inline.rps / extra.ceiling.rps) * 100).toFixed(1) : 0}% with turns on the HTTP thread.`,
    '',
  ];
  const { cpu } = extra.server;
  if (cpu && extra.ceiling.cpu) {
    lines.push(
      `CPU per message under that load (from /proc, all threads of the server): ${cpu.total_us} µs — HTTP thread ${cpu.main_us} µs, assistant worker ${cpu.busiest_other_us} µs, V8 and libuv helper threads ${cpu.rest_us} µs; the bare express endpoint ${extra.ceiling.cpu.total_us} µs. The load generator runs on the same ${m.cores} cores.`,
      '',
    );
  }
  if (Object.keys(s.scale).length) {
    lines.push('Scale (synthetic knowledge bases, our lexical index only):', '', '| entries | build s | query p95 ms | RSS MB | index MB |', '| ---: | ---: | ---: | ---: | ---: |');
    for (const [n, r] of Object.entries(s.scale)) lines.push(`| ${Number(n).toLocaleString('en')} | ${r.build_s} | ${r.query_p95_ms} | ${r.rss_mb} | ${r.index_mb} |`);
  }
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const duration = Number(option(argv, '--duration') ?? 10);
  const connections = Number(option(argv, '--connections') ?? 20);
  const m = machine();
  console.log(`bench — ${describeMachine(m)}`);
  const handle = await handleMicro(option(argv, '--dataset') ?? 'eval/datasets/dev.jsonl');
  console.log(`handle() lexical-only, ${handle.messages} messages: p50 ${handle.p50_ms} ms, p95 ${handle.p95_ms} ms`);

  const dataDir = mkdtempSync(join(tmpdir(), 'hue-bench-'));
  let server: Measured;
  let inline: Measured;
  let ceiling: Measured;
  try {
    // Every request comes from one address as a new conversation: the per-address limit is off.
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', KNOWLEDGE_WATCH: 'false', CHAT_LIMIT_PER_IP: '0' };
    server = await underLoad('main.ts', env, duration, connections);
    inline = await underLoad('main.ts', { ...env, ASSISTANT_WORKERS: '0' }, duration, connections);
    ceiling = await underLoad('eval/bench/ceiling-server.ts', {}, duration, connections);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const fmt = (name: string, r: LoadResult) => `${name.padEnd(24)} ${String(r.rps).padStart(9)} msg/s   p50 ${r.p50_ms} ms   p99 ${r.p99_ms} ms   ${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors`;
  console.log(fmt('POST /api/chat', server), `  RSS ${server.rss_mb} MB`);
  console.log(fmt('  turns inline', inline), `  RSS ${inline.rss_mb} MB`);
  console.log(fmt('bare express (ceiling)', ceiling));
  if (server.cpu) console.log(`CPU per message: ${JSON.stringify(server.cpu)}; ceiling ${JSON.stringify(ceiling.cpu)}`);

  const scale: Record<string, ScaleResult> = {};
  if (!argv.includes('--skip-scale')) {
    for (const n of [10_000, 100_000]) {
      const r = scaleRun(n);
      scale[String(n)] = { build_s: r.build_s, query_p95_ms: r.query_p95_ms, rss_mb: r.rss_mb, index_mb: r.index_mb };
      console.log(`scale ${String(n).padStart(6)} entries (${r['docs']} docs, ${r['terms']} terms): build ${r.build_s} s, query p95 ${r.query_p95_ms} ms (p50 ${r['query_p50_ms']} ms), RSS +${r.rss_mb} MB, index ${r.index_mb} MB on disk`);
    }
  }
  const summary: BenchSummary = {
    throughput_rps: server.rps,
    ceiling_rps: ceiling.rps,
    ratio: ceiling.rps ? round(server.rps / ceiling.rps) : 0,
    p50_ms: server.p50_ms,
    p99_ms: server.p99_ms,
    rss_mb: server.rss_mb,
    scale,
  };
  const written = writeNamedReport('bench', benchMarkdown(m, summary, { handle, duration, connections, server, inline, ceiling }), { machine: m, handle, duration, connections, server, inline, ceiling, ...summary });
  console.log(`report: ${written.join(', ')}`);
  if (argv.includes('--json')) console.log(JSON.stringify(summary));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
