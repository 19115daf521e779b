import { describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/logger.ts';
import { redact } from '../../bot/privacy/redact.ts';

describe('redaction of personal data in logs', () => {
  it('masks Vietnamese phone numbers in every common spelling', () => {
    for (const phone of ['0905123456', '090 512 3456', '0905.123.456', '+84905123456', '84-905-123-456']) {
      expect(redact(`call me at ${phone} please`)).not.toMatch(/\d{3}[\s.-]?\d{3}/);
    }
  });

  it('masks 12-digit citizen ID numbers and bot tokens', () => {
    expect(redact('CCCD 046201001234')).toBe('CCCD [id-number]');
    expect(redact('https://api.telegram.org/file/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/photo.jpg')).not.toContain('AAHdq');
  });

  it('leaves ticket codes, dates and prices readable', () => {
    expect(redact('HUE-2026-000123 on 2026-11-25 costs 200.000 VND')).toBe('HUE-2026-000123 on 2026-11-25 costs 200.000 VND');
  });

  it('redacts messages and nested context before writing a log line', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.info('report from 0905123456', { ticket: { phone: '0905123456', note: 'ID 046201001234' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('0905123456');
    expect(lines[0]).not.toContain('046201001234');
  });
});
