import { describe, expect, it } from 'vitest';
import { createChoiceMemory } from '../../adapters/channels/choices.ts';
import { createMemoryDedupe } from '../../adapters/channels/dedupe.ts';
import { redactSecrets } from '../../adapters/channels/errors.ts';
import { createRateLimiter } from '../../adapters/channels/rate-limit.ts';
import { createMemoryReferences } from '../../adapters/channels/references.ts';
import { secureEqual } from '../../adapters/channels/secure-compare.ts';
import { splitText } from '../../adapters/channels/text.ts';
import { toTelegramHtml } from '../../adapters/telegram/outbound.ts';
import { parseJsonKeepingBigInts } from '../../adapters/zalo/safe-json.ts';

describe('channel helpers', () => {
  it('dedupe claims a key once per TTL', async () => {
    let t = 0;
    const dedupe = createMemoryDedupe({ ttlMs: 1000, now: () => t });
    expect(await dedupe.claim('a')).toBe(true);
    expect(await dedupe.claim('a')).toBe(false);
    t = 1500;
    expect(await dedupe.claim('a')).toBe(true);
  });

  it('rate limiter refuses over the limit and tells the user once', async () => {
    const limiter = createRateLimiter({ perMinute: 2 });
    const verdicts = [];
    for (const k of ['u', 'u', 'u', 'u']) verdicts.push(await limiter.take(k));
    expect(verdicts).toEqual(['ok', 'ok', 'limited', 'silent']);
    expect(await limiter.take('other')).toBe('ok');
  });

  it('compares secrets exactly', () => {
    expect(secureEqual('abc', 'abc')).toBe(true);
    expect(secureEqual('abd', 'abc')).toBe(false);
    expect(secureEqual('abcd', 'abc')).toBe(false);
    expect(secureEqual(undefined, 'abc')).toBe(false);
  });

  it('splits text at boundaries without exceeding the limit', () => {
    const parts = splitText('Huế '.repeat(3000), 4096);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe('Huế '.repeat(3000).trim());
    expect(splitText('short', 10)).toEqual(['short']);
  });

  it('maps numbered answers and button labels back to payloads', async () => {
    const choices = createChoiceMemory();
    await choices.remember('u', [{ label: 'Hours', payload: 'faq:hours' }, { label: 'Report', payload: 'intent:complaint' }]);
    expect(await choices.resolve('u', ' 2. ')).toBe('intent:complaint');
    expect(await choices.resolve('u', '3')).toBeUndefined();
    expect(await choices.resolve('u', 'two')).toBeUndefined();
    expect(await choices.matchPayload('u', 'Hours')).toBe('faq:hours');
    expect(await choices.matchPayload('someone-else', 'Hours')).toBeUndefined();
    await choices.remember('u', []);
    expect(await choices.resolve('u', '1')).toBeUndefined();
  });

  it('stores conversation references per channel', async () => {
    const refs = createMemoryReferences();
    await refs.put('botframework', 'c1', { serviceUrl: 'x' });
    expect(await refs.get('botframework', 'c1')).toEqual({ serviceUrl: 'x' });
    expect(await refs.get('telegram', 'c1')).toBeUndefined();
  });

  it('redacts bot tokens, access tokens and phone numbers', () => {
    const text = redactSecrets('GET https://api.telegram.org/file/bot123456789:AAH-abcdefghijklmnopqrstuvwxyz12/photo.jpg access_token=abc123 call 0905 123 456');
    expect(text).not.toContain('AAH-abc');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('0905 123 456');
  });

  it('escapes HTML before applying bold and links', () => {
    expect(toTelegramHtml('**<b>x</b>** [site](https://hue.gov.vn/a?b=1&c=2)')).toBe(
      '<b>&lt;b&gt;x&lt;/b&gt;</b> <a href="https://hue.gov.vn/a?b=1&amp;c=2">site</a>',
    );
  });

  it('parses 64-bit integers without losing digits', () => {
    const parsed = parseJsonKeepingBigInts('{"id": 8434907239417465112, "n": 12, "s": "9999999999999999999"}') as Record<string, unknown>;
    expect(parsed).toEqual({ id: '8434907239417465112', n: 12, s: '9999999999999999999' });
  });
});
