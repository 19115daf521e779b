import { appendFileSync } from 'node:fs';
/**
 * Finds personal data left in clear in a text: Vietnamese phone numbers, 12-digit citizen ID
 * numbers and e-mail addresses. Digits inside longer letter-digit runs (hashes, UUIDs, tokens)
 * are not phone or ID numbers.
 */
const PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: 'phone', pattern: /(?<![\w.+-])(?:\+84|84|0)[\s.-]?[35789](?:[\s.-]?\d){8}(?![\w-])/g },
  { kind: 'id-number', pattern: /(?<![\w-])\d{12}(?![\w-])/g },
  { kind: 'e-mail', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
];

export function personalDataInClear(text: string): { kind: string; text: string }[] {
  return PATTERNS.flatMap(({ kind, pattern }) => [...text.matchAll(pattern)].map((m) => ({ kind, text: m[0] })));
}

/** Adds a child process's log output to the run's log file, so the end-of-run scan reads it too. */
export function keepForLogScan(output: string): void {
  const file = process.env.LOG_FILE;
  if (file && output) appendFileSync(file, output.endsWith('\n') ? output : `${output}\n`);
}

/** A child's environment that logs to its own stderr, where the test reads it, instead of the run's file. */
export function logsOnStderr(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LOG_FILE: _file, ...rest } = env;
  return rest;
}
