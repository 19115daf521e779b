/** Ticket codes: random, checked, readable; the earlier sequential codes still parse. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTicketCode, hasValidCheck, newTicketCode, normalizeTicketCode, parseTicketCode } from '../../bot/tickets/ticket-code.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SEED = 1313;
/** A deterministic draw for fast-check: the code's random part comes from the property's integers. */
const drawFrom = (values: number[]) => {
  let i = 0;
  return (max: number) => values[i++ % values.length]! % max;
};
const codeArb = fc
  .record({ year: fc.integer({ min: 2020, max: 2099 }), values: fc.array(fc.nat(), { minLength: 6, maxLength: 12 }) })
  .map(({ year, values }) => newTicketCode('HUE', year, drawFrom([...values, 10, 11, 12])));

describe('ticket codes', () => {
  it('look like HUE-2026-XXXXXXC, from an alphabet without I, L, O or U, never all digits', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        expect(code).toMatch(/^HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}$/);
        expect(code.slice(-7)).not.toMatch(/^\d+$/);
        expect(hasValidCheck(code)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  // Luhn mod 32 misses one kind of swap only, 0 next to Z (as Luhn misses 09 ↔ 90).
  it('catch every single-character typo and every swap of two different neighbours but 0 and Z', () => {
    let tried = 0;
    fc.assert(
      fc.property(codeArb, fc.nat(6), fc.nat(31), (code, pos, shift) => {
        const at = code.length - 7 + pos;
        const chars = [...code];
        chars[at] = ALPHABET[(ALPHABET.indexOf(chars[at]!) + 1 + (shift % 31)) % 32]!;
        expect(hasValidCheck(chars.join(''))).toBe(false);
        const pair = [code[at], code[at + 1]].sort().join('');
        if (pos < 6 && code[at] !== code[at + 1] && pair !== '0Z') {
          const swapped = [...code];
          [swapped[at], swapped[at + 1]] = [swapped[at + 1]!, swapped[at]!];
          expect(hasValidCheck(swapped.join(''))).toBe(false);
        }
        tried++;
      }),
      { seed: SEED, numRuns: 5000 },
    );
    expect(tried).toBe(5000);
  });

  it('are recognised in a message however they are typed', () => {
    fc.assert(
      fc.property(codeArb, fc.constantFrom(' ', '-', ''), fc.boolean(), (code, sep, lower) => {
        const [prefix, year, tail] = code.split('-');
        const typed = [prefix, year, tail].join(sep);
        expect(findTicketCode(`mã ${lower ? typed.toLowerCase() : typed} tới đâu rồi?`, 'HUE')).toBe(code);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    // Crockford's reading: O is 0, I and L are 1.
    const code = newTicketCode('HUE', 2026, drawFrom([0, 1, 20, 21, 22, 23]));
    const spoken = code.slice(0, -7) + code.slice(-7).replace(/0/g, 'O').replace(/1/g, 'l');
    expect(spoken).not.toBe(code);
    expect(findTicketCode(spoken, 'HUE')).toBe(code);
  });

  it('still parse in the earlier sequential form', () => {
    expect(normalizeTicketCode('hue-2026-123')).toBe('HUE-2026-000123');
    expect(normalizeTicketCode('HUE 2026 000123')).toBe('HUE-2026-000123');
    expect(parseTicketCode('HUE-2026-000123')).toEqual({ prefix: 'HUE', year: 2026, tail: '000123' });
    expect(findTicketCode('HUE-2026-000999 tới đâu rồi', 'HUE')).toBe('HUE-2026-000999');
    expect(findTicketCode('hue-2026-1 xu ly chua', 'HUE')).toBe('HUE-2026-000001');
    expect(hasValidCheck('HUE-2026-000123')).toBe(true);
  });

  it('are not found in ordinary text or under another prefix', () => {
    for (const text of ['Đại Nội mở cửa 2026 giờ nào', 'giá vé 200.000 đồng', 'DNG-2026-000123', 'HUE-2026-ABCDEFGHJ', 'xHUE-2026-000123']) {
      expect(findTicketCode(text, 'HUE')).toBeUndefined();
    }
  });
});
