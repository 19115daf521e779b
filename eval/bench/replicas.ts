/**
 * `npm run bench:replicas [-- --duration 10] [--connections 20] [--replicas 1,3]`
 * POST /api/chat throughput of 1 and of 3 server processes (main.ts, defaults) sharing
 * PostgreSQL (a fresh schema) and Redis (a random key prefix), each time behind the same
 * round-robin proxy on 127.0.0.1, so the proxy's cost is in both figures. Every request is a new
 * conversation from one address, so the per-address chat limit is turned off.
 * Writes eval/reports/bench-replicas.{md,json}. Needs DATABASE_URL and REDIS_URL (defaults: the
 * local test servers).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connectRedis } from '../../adapters/state/redis-conversation-store.ts';
import { describeMachine, machine, writeNamedReport } from '../report.ts';
import { option } from '../run.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { loadChat, type LoadResult } from './load.ts';
import { startRoundRobinProxy } from './round-robin-proxy.ts';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface ReplicaRun extends LoadResult {
  replicas: number;
  rss_mb: number;
  /** Answers other than 2xx by status, as the proxy saw them (502: a backend failed to answer). */
  statuses: Record<string, number>;
}

async function run(replicas: number, duration: number, connections: number): Promise<ReplicaRun> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const prefix = `hue-bench-${randomUUID()}:`;
  const dirs: string[] = [];
  const servers: ChildServer[] = [];
  // One photo folder for all replicas, as a shared volume would be.
  const uploadsDir = mkdtempSync(join(tmpdir(), 'hue-bench-uploads-'));
  dirs.push(uploadsDir);
  const env = {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    WEB_CHAT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    KNOWLEDGE_WATCH: 'false',
    CHAT_LIMIT_PER_IP: '0',
    UPLOADS_DIR: uploadsDir,
  };
  const start = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hue-bench-replica-'));
    dirs.push(dataDir);
    return startChildServer('main.ts', { ...env, DATA_DIR: dataDir }, 300_000);
  };
  try {
    // One after the other: on a busy machine three start-ups at once can take minutes.
    for (let i = 0; i < replicas; i++) servers.push(await start());
    const proxy = await startRoundRobinProxy(servers.map((s) => s.url));
    try {
      await loadChat(proxy.url, 2, connections);
      const from = proxy.served.length;
      const result = await loadChat(proxy.url, duration, connections);
      const rss = servers.reduce((sum, s) => sum + (s.rssMb() ?? 0), 0);
      const statuses: Record<string, number> = {};
      // Requests still outstanding when the load ended have no status yet and are not counted.
      for (const { status, error } of proxy.served.slice(from)) if (status !== undefined && status >= 300) statuses[error ? `${status} ${error}` : String(status)] = (statuses[error ? `${status} ${error}` : String(status)] ?? 0) + 1;
      return { replicas, ...result, rss_mb: Number(rss.toFixed(1)), statuses };
    } finally {
      await proxy.close();
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const db = new pg.Client({ connectionString: DATABASE_URL });
    await db.connect();
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    const redis = connectRedis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}

async function main(argv: string[]): Promise<void> {
  const duration = Number(option(argv, '--duration') ?? 10);
  const connections = Number(option(argv, '--connections') ?? 20);
  const counts = (option(argv, '--replicas') ?? '1,3').split(',').map(Number);
  const m = machine();
  // The machine may be shared: its load beside the figures says how much they can be trusted.
  const load = loadavg()[0]!.toFixed(1);
  console.log(`bench:replicas — ${describeMachine(m)} · load average ${load}`);
  const runs: ReplicaRun[] = [];
  for (const n of counts) {
    const r = await run(n, duration, connections);
    runs.push(r);
    console.log(`${n} replica(s): ${r.rps} msg/s   p50 ${r.p50_ms} ms   p99 ${r.p99_ms} ms   ${r.requests} requests, ${r.non2xx} non-2xx ${JSON.stringify(r.statuses)}, ${r.errors} errors, RSS ${r.rss_mb} MB in all`);
  }
  const markdown = [
    '# Replicas',
    '',
    `${describeMachine(m)} · 1-minute load average ${load} at the start`,
    '',
    `HTTP \`POST /api/chat\` through a round-robin proxy on 127.0.0.1, ${duration} s, ${connections} connections, every request a new conversation; servers share PostgreSQL and Redis (main.ts defaults: turns in 1 worker thread each).`,
    '',
    '| replicas | messages/s | p50 ms | p99 ms | RSS MB (all) | non-2xx |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map((r) => `| ${r.replicas} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.rss_mb} | ${r.non2xx} |`),
    '',
    `Regenerate with \`npm run bench:replicas\`. On ${m.cores} cores the replicas share the same CPUs, so this shows the cost or gain of coordination on one machine, not the capacity of separate machines.`,
    '',
  ].join('\n');
  const written = writeNamedReport('bench-replicas', markdown, { machine: m, load_average: Number(load), duration, connections, runs });
  console.log(`report: ${written.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
