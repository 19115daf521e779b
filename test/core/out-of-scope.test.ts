import { describe, expect, it } from 'vitest';
import { compileOutOfScope } from '../../knowledge/src/out-of-scope.ts';
import { loadKnowledge } from '../../knowledge/src/loader.ts';

const matcher = compileOutOfScope({
  topics: [
    { id: 'other-places', reason: 'another city', match: [['hội an'], ['hoi an'], ['hà nội'], ['ha long'], ['mỹ sơn', 'vé'], ['会安']], unless: ['huế', 'hue', 'airport', 'đường hà nội'], examples: {} },
    { id: 'divorce', reason: 'courts', match: [['ly hôn'], ['divorce']], unless: [], examples: {} },
    { id: 'visa', reason: 'immigration', match: [['visa'], ['비자']], unless: ['atm', 'retirer'], examples: {} },
    { id: 'hotels', reason: 'no recommendations', match: [['hotel', 'best']], unless: [], examples: {} },
  ],
});

describe('topics deliberately not covered', () => {
  it('matches a topic word with or without diacritics, and CJK as substrings', () => {
    expect(matcher.match('vé vào phố cổ Hội An bao nhiêu')).toBe('other-places');
    expect(matcher.match('ve vao pho co hoi an bn')).toBe('other-places');
    expect(matcher.match('会安古镇门票多少钱')).toBe('other-places');
    expect(matcher.match('thủ tục ly hôn cần gì')).toBe('divorce');
  });

  it('respects word boundaries and accents when the message has them', () => {
    expect(matcher.match('cho tôi hỏi an toàn không')).toBeUndefined();
    expect(matcher.match('tôi muốn đăng ký kết hôn')).toBeUndefined();
  });

  it('needs every word of a rule, and steps aside for the exceptions', () => {
    expect(matcher.match('which hotel is the best near the citadel')).toBe('hotels');
    expect(matcher.match('does the hotel register my stay')).toBeUndefined();
    expect(matcher.match('xe bus từ Hội An ra Huế')).toBeUndefined();
    expect(matcher.match('Hoi An to Hue airport transfer')).toBeUndefined();
    // A street of Huế named after another city.
    expect(matcher.match('cay do tren duong Ha Noi')).toBeUndefined();
    expect(matcher.match('vé máy bay đi Hà Nội')).toBe('other-places');
    // French elision keeps the name whole; "my son" in English is not the Mỹ Sơn sanctuary.
    expect(matcher.match("prix d'entrée baie d'Ha Long")).toBe('other-places');
    expect(matcher.match("what do i bring to register my son's birth")).toBeUndefined();
    expect(matcher.match('ve my son bao nhieu')).toBe('other-places');
    // A Visa card at a cash machine is money, not immigration.
    expect(matcher.match("ou retirer de l'argent avec ma carte visa")).toBeUndefined();
    expect(matcher.match('how long is a visa on arrival valid')).toBe('visa');
  });
});

describe("the default knowledge base's out-of-scope topics", () => {
  const matcher = compileOutOfScope(loadKnowledge('knowledge').outOfScope);

  it('refuses asking for a hostel, not mentioning where one stays', () => {
    expect(matcher.match('cheapest hostel near the Perfume River')).toBe('accommodation-advice');
    expect(matcher.match('Someone at our hostel recommended the dragon boat on the Perfume River, do we need to book ahead?')).toBeUndefined();
  });
});
