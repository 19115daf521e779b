import { describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/logger.ts';

function capture(level: Parameters<typeof createLogger>[0]) {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>)) };
}

describe('structured logs', () => {
  it('writes one JSON object per line with level name, ISO time, message and context', () => {
    const { lines, logger } = capture('info');
    logger.warn('outbox retry', { ticket: 'HUE-2026-ABC123', attempts: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'outbox retry', ticket: 'HUE-2026-ABC123', attempts: 3 });
    expect(new Date(String(lines[0]!.time)).toISOString()).toBe(lines[0]!.time);
  });

  it('drops lines below the configured level and writes nothing when silent', () => {
    const warn = capture('warn');
    warn.logger.info('not written');
    warn.logger.error('written');
    expect(warn.lines.map((l) => l.msg)).toEqual(['written']);
    const silent = capture('silent');
    silent.logger.error('nothing');
    expect(silent.lines).toHaveLength(0);
  });

  it('censors values under keys that name a secret, at any nesting the logger reaches', () => {
    const { lines, logger } = capture('info');
    logger.info('login', { password: 'hunter2-pass', request: { authorization: 'Bearer abc.def', headers: { cookie: 'sid=s3cr3t' } } });
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('hunter2-pass');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('s3cr3t');
    expect(lines[0]).toMatchObject({ msg: 'login' });
  });
});
