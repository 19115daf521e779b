/**
 * Structured JSON-lines logs through pino, on stderr. Every message and every context value passes
 * through the project's redaction first (phone numbers, ID numbers, tokens), and keys that name a
 * secret are censored whatever they hold.
 */
import pino from 'pino';
import { redact, redactValue } from '../bot/privacy/redact.ts';
import type { Logger } from '../bot/ports.ts';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

/** Whether a logger set to `threshold` writes messages of `level`. */
export function logsAt(threshold: LogLevel, level: Exclude<LogLevel, 'silent'>): boolean {
  return LEVELS[level] >= LEVELS[threshold];
}

/** Context keys whose values never reach a log line, at any depth pino's redaction reaches. */
const SECRET_KEYS = ['password', 'token', 'secret', 'authorization', 'cookie', 'apiKey', 'api_key'];
const SECRET_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * @param to where each line goes: a function, a file appended to, or by default stderr — written
 *   synchronously, so nothing is lost when the process exits.
 */
export function createLogger(level: LogLevel = 'info', to?: ((line: string) => void) | { file: string }): Logger {
  const destination =
    typeof to === 'function'
      ? { write: (line: string) => to(line.replace(/\n$/, '')) }
      : pino.destination(to ? { dest: to.file, append: true, sync: true, mkdir: true } : { fd: 2, sync: true });
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  const emit = (at: 'info' | 'warn' | 'error', message: string, context?: Record<string, unknown>) => {
    if (!log.isLevelEnabled(at)) return;
    log[at]((context ? redactValue(context) : {}) as object, redact(message));
  };
  return {
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
