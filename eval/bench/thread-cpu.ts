/**
 * CPU time of each thread of a process, from /proc (Linux): the bench divides it by the requests
 * served to show where a message's cost goes (HTTP thread, assistant worker, V8's helper threads).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime on Linux. */
const TICKS_PER_SECOND = 100;

export type ThreadTimes = Map<number, number>;

/** Seconds of CPU (user + system) per thread id; empty where /proc is not available. */
export function threadTimes(pid: number): ThreadTimes {
  const times: ThreadTimes = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      // Fields after the command name (which may hold spaces) start at state: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    }
  } catch {
    // Not Linux, or the process has gone: no breakdown.
  }
  return times;
}

export interface CpuPerRequest {
  /** The process's main thread: HTTP parsing, middleware, responses. */
  main_us: number;
  /** The busiest other thread: the assistant worker when turns run in one. */
  busiest_other_us: number;
  /** Every other thread together (V8's garbage-collection and compiler helpers, libuv's pool). */
  rest_us: number;
  total_us: number;
}

export function cpuPerRequest(pid: number, before: ThreadTimes, after: ThreadTimes, requests: number): CpuPerRequest | undefined {
  if (requests === 0 || after.size === 0) return undefined;
  const us = (tid: number) => (((after.get(tid) ?? 0) - (before.get(tid) ?? 0)) * 1e6) / requests;
  const others = [...after.keys()].filter((tid) => tid !== pid).map(us).sort((a, b) => b - a);
  const main = us(pid);
  const busiest = others[0] ?? 0;
  const rest = others.slice(1).reduce((s, v) => s + v, 0);
  const round = (v: number) => Math.round(v);
  return { main_us: round(main), busiest_other_us: round(busiest), rest_us: round(rest), total_us: round(main + busiest + rest) };
}
