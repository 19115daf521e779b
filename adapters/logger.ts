/** JSON-lines logger on stderr; every line passes through redaction first. */
import { redact, redactValue } from '../bot/privacy/redact.ts';
import type { Logger } from '../bot/ports.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/** Whether a logger set to `threshold` writes messages of `level`. */
export function logsAt(threshold: LogLevel, level: Exclude<LogLevel, 'silent'>): boolean {
  return LEVELS[level] >= LEVELS[threshold];
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, context?: Record<string, unknown>) => {
    if (!logsAt(level, at)) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: at, msg: redact(message), ...(context ? (redactValue(context) as object) : {}) }));
  };
  return {
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
