/**
 * Redaction is precise: personal identifiers in any common spelling are masked; ordinary numbers,
 * prices, dates, UUIDs, hashes, ticket codes and every knowledge answer are left exactly as they are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../bot/privacy/redact.ts';
import { newTicketCode } from '../../bot/tickets/ticket-code.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';
import { DEFAULT_KNOWLEDGE_DIR } from '../../knowledge/src/locales.ts';

const SEED = 20261202;
const RUNS = Number(process.env.REDACT_RUNS ?? 3000);
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const words = fc.constantFrom('gọi', 'số', 'liên hệ', 'call me', 'tel', 'anh Nam:', '电话', '電話', '연락처', 'appelez le', '');

/** Digits grouped the way people write them: whole, or in groups of 2–4 joined by one separator. */
const grouped = (number: string) =>
  fc.record({ sep: fc.constantFrom('', ' ', '.', '-'), cuts: fc.array(fc.integer({ min: 2, max: 4 }), { maxLength: 4 }) }).map(({ sep, cuts }) => {
    if (!sep) return number;
    const parts: string[] = [];
    let rest = number;
    for (const n of cuts) {
      if (rest.length <= n) break;
      parts.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    return [...parts, rest].join(sep);
  });

const mobile = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(8), fc.constantFrom('0', '+84', '+84 ', '84'))
  .chain(([network, rest, prefix]) => grouped(network + rest).map((body) => ({ written: prefix + body, last2: rest.slice(-2) })));
const landline = fc.tuple(digits(9)).chain(([rest]) => grouped('2' + rest).map((body) => ({ written: '0' + body, last2: rest.slice(-2) })));
const idNumber = fc.tuple(fc.integer({ min: 1, max: 96 }), digits(9)).map(([province, rest]) => String(province).padStart(3, '0') + rest);
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,10}([._+-][a-z0-9]{1,8})?$/), fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,6})?$/), fc.constantFrom('com', 'vn', 'com.vn', 'gov.vn', 'fr', 'co.kr'))
  .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
const plate = fc
  .tuple(fc.integer({ min: 11, max: 99 }), fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'S', 'T', 'V', 'X'), fc.constantFrom('', '1', '2', 'D'), digits(5), fc.constantFrom('-', ' ', ''), fc.boolean())
  .map(([province, series, extra, n, sep, dotted]) => `${province}${series}${extra}${sep}${dotted ? `${n.slice(0, 3)}.${n.slice(3)}` : n}`);

describe('redaction masks personal identifiers', () => {
  it('Vietnamese mobile and landline numbers in +84/0 forms, with spaces, dots or dashes', () => {
    let tried = 0;
    fc.assert(
      fc.property(words, fc.oneof(mobile, landline), words, (before, phone, after) => {
        const out = redact(`${before} ${phone.written} ${after}`);
        expect(out).toContain(`[phone …${phone.last2}]`);
        expect(out.replace(/\D/g, '').length).toBe(2);
        tried++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`phone numbers tried: ${tried}`);
    expect(redact('(0234) 382 1234 hoặc (0905) 123 456')).toBe('[phone …34] hoặc [phone …56]');
  });

  it('12-digit citizen ID numbers, e-mails and licence plates', () => {
    fc.assert(
      fc.property(words, idNumber, email, plate, (w, id, mail, p) => {
        const out = redact(`${w} CCCD ${id}, email ${mail}, xe ${p}.`);
        expect(out).toBe(`${w} CCCD [id-number], email [email], xe [plate].`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(redact('CCCD 046 201 001 234 / 0462 0100 1234')).toBe('CCCD [id-number] / [id-number]');
    expect(redact('xe 43A-123.45 và 75F1-234.56 đỗ trước nhà')).toBe('xe [plate] và [plate] đỗ trước nhà');
  });
});

describe('redaction leaves everything else alone', () => {
  const ordinary = fc.oneof(
    // Counts, prices with thousands dots or commas, decimals, times, years.
    fc.integer({ min: 1, max: 999_999_999 }).map(String),
    fc.integer({ min: 1, max: 99_999_999 }).map((n) => n.toLocaleString('de-DE')),
    fc.integer({ min: 1, max: 99_999_999 }).map((n) => `${n.toLocaleString('en-US')} VND`),
    fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a},${b} km`),
    fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    // Dates in the usual forms.
    fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).chain((d) =>
      fc.constantFrom(d.toISOString(), d.toISOString().slice(0, 10), d.toLocaleDateString('vi-VN'), d.toLocaleDateString('de-DE'), d.toLocaleDateString('en-GB')),
    ),
    // Identifiers machines write.
    fc.uuid(),
    fc.stringMatching(/^[0-9a-f]{40}$/),
    fc.stringMatching(/^[0-9a-f]{64}$/),
    fc.stringMatching(/^sha256:[0-9a-f]{64}$/),
    fc.tuple(fc.integer({ min: 2020, max: 2099 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 })).map(([year, values]) => {
      // A letter follows the six values, so an all-digit draw is drawn again into a different one.
      const draws = [...values, 10, 11, 12];
      let i = 0;
      return newTicketCode('HUE', year, (max) => draws[i++ % draws.length]! % max);
    }),
    fc.integer({ min: 1, max: 999_999 }).map((n) => `HUE-2026-${String(n).padStart(6, '0')}`),
  );

  it('ordinary numbers, prices, dates, UUIDs, hex hashes and ticket codes', () => {
    let tried = 0;
    fc.assert(
      fc.property(words, ordinary, words, (before, value, after) => {
        const text = `${before} ${value} ${after}`;
        expect(redact(text)).toBe(text);
        tried++;
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
    console.log(`ordinary values tried: ${tried}`);
  });

  it('the city’s published contact numbers', () => {
    expect(redact('Đường dây nóng 0234.3828288 hoặc 1900 1075')).toBe('Đường dây nóng 0234.3828288 hoặc 1900 1075');
  });

  it('every answer of every knowledge entry, in every language', () => {
    const { entries } = loadKnowledge(DEFAULT_KNOWLEDGE_DIR);
    const answers = entries.flatMap((e) => Object.entries(e.content).map(([lang, c]) => ({ id: `${e.id}/${lang}`, answer: c!.answer })));
    expect(answers.length).toBeGreaterThan(200);
    const changed = answers.filter((a) => redact(a.answer) !== a.answer).map((a) => a.id);
    expect(changed).toEqual([]);
  });
});
