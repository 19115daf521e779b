import { describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/logger.ts';
import { personalDataInClear } from '../helpers/personal-data.ts';

describe('the scan for personal data in clear that checks the whole run’s logs', () => {
  it('finds phone numbers, ID numbers and e-mails as people write them', () => {
    const found = personalDataInClear('gọi 0905123456 hoặc +84 905 123 456, CCCD 046201001234, mail an.nguyen@example.vn');
    expect(found.map((f) => f.kind)).toEqual(['phone', 'phone', 'id-number', 'e-mail']);
  });

  it('does not mistake hashes, UUIDs, ticket codes, timestamps or prices for personal data', () => {
    const text = JSON.stringify({
      hash: '48fffe62eecd9c06a1b2c3d4e5f60718',
      digits: 'f0ed3a990381d184046201001234abcd',
      id: '7d0f4a52-0905-4123-8456-046201001234',
      ticket: 'HUE-2026-000123',
      time: 1764665400123,
      price: '200.000 VND',
    });
    expect(personalDataInClear(text)).toEqual([]);
  });

  it('finds nothing in what the logger writes for a message full of personal data', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.warn('report from 0905123456 (CCCD 046201001234)', { reporter: { phone: '+84905123456', note: 'call 0912 345 678' } });
    expect(lines).toHaveLength(1);
    expect(personalDataInClear(lines[0]!)).toEqual([]);
  });
});
