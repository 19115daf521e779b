/**
 * fast-check inputs for the HTTP fuzz suite: bodies as bytes (so invalid UTF-8 is possible),
 * values of the wrong type where a string belongs, deep nesting, huge bodies, unusual Unicode.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Characters that break naive code: NUL, bidi override, BOM, lone surrogates, combining marks, emoji, astral letters. */
const ODD_TEXT = [
  '\u0000', 'a\u0000b', '\u202eevil', '\uFEFF', '\uD800', '\uDFFF', 'e\u0301\u0301\u0301', '👍🏽', '𝕳𝖚ế', '\u200b\u200d', '\r\n\t\v\f',
  'İı', 'ß'.repeat(50), '%00', '%E0%A4%A', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '{{7*7}}',
  '１２３', '٣', '0x10', '1e309', '-0', 'NaN', 'Infinity', '9'.repeat(40), 'x'.repeat(5000),
];

/** A JSON text nested `depth` levels deep, as an attacker writes it by hand. */
export const deepJson = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

export const oddText = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** A value's JSON text, of any type, where the endpoint usually wants a string. */
export const oddJsonValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: oddText.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.constantFrom('{"toString":1}', '{"valueOf":"x","toString":null}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '[]', '{}', 'null', 'true', '[null]', '[[]]', '["a","b"]') },
  { weight: 2, arbitrary: fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '9223372036854775808', '-0', '0.1e-400', '1', '-1', '3.5', '"\\ud800"', '"\\u0000"', '"\\u202e"') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => deepJson(d, k)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Bytes that are not UTF-8 (lone continuation bytes, overlongs, truncated sequences). */
export const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xe2, 0x82]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from([0x80, 0x80]),
);

const HUGE_SIZES = [70 * 1024, 1100 * 1024];

/**
 * A body for a JSON endpoint: a valid-looking request with one field replaced by an odd value,
 * or random JSON, broken JSON, deep nesting, invalid UTF-8 inside a string, or a huge document.
 */
export function jsonBody(valid: fc.Arbitrary<Record<string, unknown>>, fields: readonly string[]): fc.Arbitrary<Buffer> {
  const withOdd = fc.tuple(valid, fc.constantFrom(...fields), oddJsonValue).map(([o, f, v]) => Buffer.from(replaceField(o, f, v)));
  const withBadBytes = fc.tuple(valid, fc.constantFrom(...fields), invalidUtf8).map(([o, f, bytes]) => {
    const [before, after] = replaceField(o, f, '"\u0001MARK\u0001"').split('\u0001MARK\u0001');
    return Buffer.concat([Buffer.from(before!), bytes, Buffer.from(after!)]);
  });
  return fc.oneof(
    { weight: 60, arbitrary: valid.map((o) => Buffer.from(JSON.stringify(o))) },
    { weight: 80, arbitrary: withOdd },
    { weight: 20, arbitrary: withBadBytes },
    { weight: 20, arbitrary: fc.json({ maxDepth: 4 }).map((t) => Buffer.from(t)) },
    { weight: 20, arbitrary: fc.string({ maxLength: 60 }).map((t) => Buffer.from(t)) },
    { weight: 10, arbitrary: valid.map((o) => Buffer.from(JSON.stringify(o).slice(0, -1))) },
    { weight: 10, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
    { weight: 10, arbitrary: fc.integer({ min: 1000, max: 10_000 }).map((d) => Buffer.from(deepJson(d, d % 2 ? 'array' : 'object'))) },
    { weight: 10, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_SIZES).map((n) => Buffer.from(JSON.stringify({ [fields[0]!]: 'x'.repeat(n) }))) },
  );
}

/** An `application/x-www-form-urlencoded` body: the usual fields with odd values, repeated keys, bracket keys. */
export function formBody(valid: fc.Arbitrary<Record<string, string>>, fields: readonly string[]): fc.Arbitrary<Buffer> {
  const pairs = fc.tuple(valid, fc.array(fc.tuple(fc.oneof(fc.constantFrom(...fields), fc.constantFrom('attribute[x]', 'attribute[x][]', 'a[b][c]', '__proto__', 'constructor'), oddText), oddText), { maxLength: 4 }));
  return fc.oneof(
    { weight: 60, arbitrary: pairs.map(([o, extra]) => Buffer.from([...Object.entries(o), ...extra].map(([k, v]) => `${encodeURIComponent(safe(k))}=${encodeURIComponent(safe(v))}`).join('&'))) },
    { weight: 20, arbitrary: fc.tuple(valid, fc.constantFrom('%', '%zz', '%00', '%ff%fe', '&&&', '==', '+'.repeat(50))).map(([o, junk]) => Buffer.from(`${new URLSearchParams(o)}&${junk}=${junk}`)) },
    { weight: 10, arbitrary: fc.string({ maxLength: 80 }).map((t) => Buffer.from(t)) },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_SIZES).map((n) => Buffer.from(`${fields[0]}=${'x'.repeat(n)}`)) },
    { weight: 2, arbitrary: fc.constant(Buffer.from(Array.from({ length: 2000 }, (_, i) => `k${i}=v`).join('&'))) },
  );
}

/** A query string built from known parameters with odd values, plus out-of-range numbers and dates. */
export function query(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const names = Object.keys(params);
  const value = (name: string) => fc.oneof({ weight: 3, arbitrary: params[name]! }, { weight: 2, arbitrary: oddText.map(safe) });
  return fc
    .array(fc.constantFrom(...names, 'unknown', '__proto__').chain((n) => fc.tuple(fc.constant(n), Object.hasOwn(params, n) ? value(n) : oddText.map(safe))), { maxLength: 5 })
    .chain((pairs) =>
      fc.oneof(
        { weight: 8, arbitrary: fc.constant(pairs.map(([k, v]) => `${encodeURIComponent(safe(k))}=${encodeURIComponent(safe(v))}`).join('&')) },
        { weight: 1, arbitrary: fc.constantFrom('%', '%zz=1', '%00=%00', 'a=%ff%fe', 'a[b]=1&a[c]=2', 'x=' + 'y'.repeat(3000)) },
      ),
    );
}

/** Numbers as a client may type them where a count or date belongs. */
export const oddNumber = fc.oneof(
  fc.integer({ min: -5, max: 2000 }).map(String),
  fc.constantFrom('9223372036854775808', '18446744073709551616', '1e30', '-1', '0', '1.5', 'NaN', 'Infinity', '0x10', '', ' ', '1e', '٣'),
);
export const oddDate = fc.oneof(
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('275760-09-13', '+275760-09-13T00:00:00Z', '-271821-04-20', '0000-01-01', '9999-12-31T23:59:59Z', '1969-12-31', '2026-02-30', 'yesterday', '8.64e15', '', '2026-06-01T00:00:00+25:00'),
);

export const contentTypes = (main: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(main) },
    { weight: 1, arbitrary: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/xml', 'text/plain', 'image/png', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=bogus', 'application/x-www-form-urlencoded; charset=latin1') },
    { weight: 1, arbitrary: fc.constant('') },
  );

/** encodeURIComponent refuses lone surrogates; a browser would have replaced them the same way. */
export const safe = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function replaceField(o: Record<string, unknown>, field: string, jsonText: string): string {
  const marker = '\u0002FIELD\u0002';
  return JSON.stringify({ ...o, [field]: marker }).replace(JSON.stringify(marker), jsonText);
}
