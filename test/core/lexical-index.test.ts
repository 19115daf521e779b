import { describe, expect, it } from 'vitest';
import { LexicalIndex, type IndexedDoc } from '../../knowledge/src/lexical/lexical-index.ts';
import { analyze } from '../../knowledge/src/lexical/analyzer.ts';

const docs: IndexedDoc[] = [
  { group: 'tour.imperial-city', kind: 'question', lang: 'vi', text: 'giờ mở cửa Đại Nội' },
  { group: 'tour.imperial-city', kind: 'question', lang: 'en', text: 'Imperial City opening hours' },
  { group: 'tour.imperial-city', kind: 'question', lang: 'ko', text: '후에 왕궁 운영 시간' },
  { group: 'tour.imperial-city', kind: 'question', lang: 'zh', text: '顺化皇城开放时间' },
  { group: 'ps.birth-registration', kind: 'question', lang: 'vi', text: 'làm giấy khai sinh cần gì' },
  { group: 'ps.birth-registration', kind: 'question', lang: 'en', text: 'how to register a birth' },
  { group: 'tour.tickets', kind: 'question', lang: 'vi', text: 'giá vé tham quan di tích' },
  { group: 'tour.tickets', kind: 'question', lang: 'ko', text: '입장료 얼마예요' },
  { group: 'tour.tickets', kind: 'question', lang: 'zh', text: '门票多少钱' },
  { group: 'tour.tickets', kind: 'answer', lang: 'en', text: 'Adult tickets cost 200,000 VND at the Imperial City.' },
];

describe('lexical analysis', () => {
  it('indexes Vietnamese by folded syllables, accented syllables and folded pairs', () => {
    const terms = analyze('Đại Nội', 'vi').map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['dai', 'noi', '~đại', '~nội', 'dai_noi']));
  });

  it('indexes Chinese and Japanese by character unigrams and bigrams, Korean by syllable pairs', () => {
    expect(analyze('门票', 'zh').map((t) => t.term)).toEqual(expect.arrayContaining(['门', '票', '门票']));
    expect(analyze('입장료는', 'ko').map((t) => t.term)).toEqual(expect.arrayContaining(['입장료', '입장', '장료']));
  });
});

describe('LexicalIndex', () => {
  const index = LexicalIndex.build(docs);

  it('matches unaccented Vietnamese against accented knowledge', () => {
    expect(index.search('gio mo cua dai noi', 'vi', 3)[0]?.group).toBe('tour.imperial-city');
    expect(index.search('lam giay khai sinh can j', 'vi', 3)[0]?.group).toBe('ps.birth-registration');
  });

  it('matches CJK questions by character n-grams', () => {
    expect(index.search('후에 왕궁 입장료', 'ko', 3).map((h) => h.group)).toContain('tour.imperial-city');
    expect(index.search('门票多少钱?', 'zh', 3)[0]?.group).toBe('tour.tickets');
  });

  it('reports how much of the question an entry covers', () => {
    const [hit] = index.search('giờ mở cửa Đại Nội', 'vi', 1);
    expect(hit!.shortCoverage).toBeGreaterThan(0.9);
    const [weak] = index.search('bitcoin price today imperial', 'en', 1);
    expect(weak!.shortCoverage).toBeLessThan(0.5);
  });

  it('lets function words add to coverage without walking every document that contains them', () => {
    const withFiller = LexicalIndex.build([
      ...docs,
      { group: 'ps.birth-registration', kind: 'question', lang: 'en', text: 'what is the fee for the birth certificate' },
      { group: 'tour.tickets', kind: 'question', lang: 'en', text: 'the price of a ticket' },
    ]);
    const [hit] = withFiller.search('what is the fee for the birth certificate', 'en', 3);
    expect(hit!.group).toBe('ps.birth-registration');
    expect(hit!.shortCoverage).toBeGreaterThan(0.99);
    // Only function words in common: the ticket entry is not a candidate at all.
    expect(withFiller.search('what is the fee for the birth certificate', 'en', 3).map((h) => h.group)).not.toContain('tour.tickets');
  });

  it('still searches a question made only of function words', () => {
    const small = LexicalIndex.build([
      { group: 'a', kind: 'question', lang: 'en', text: 'what is it' },
      { group: 'b', kind: 'question', lang: 'en', text: 'opening hours' },
    ]);
    expect(small.search('what is it', 'en', 3)[0]?.group).toBe('a');
  });

  it('returns nothing for text with no known terms', () => {
    expect(index.search('xyzzy plugh', 'en', 3)).toEqual([]);
  });

  it('survives a round trip through JSON', () => {
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.search('opening hours', 'en', 3)).toEqual(index.search('opening hours', 'en', 3));
  });

  it('serialises term frequencies with the index, so a restored index scores the same', () => {
    const index = LexicalIndex.build([
      { group: 'a', kind: 'question', lang: 'en', text: 'boat boat boat trip on the river' },
      { group: 'b', kind: 'question', lang: 'en', text: 'boat trip' },
      { group: 'b', kind: 'answer', lang: 'en', text: 'The dragon boat leaves the pier; the boat trip lasts an hour on the Perfume River.' },
    ]);
    const restored = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())));
    for (const query of ['boat', 'boat trip', 'river boat', 'perfume river']) {
      expect(restored.search(query, 'en', 3)).toEqual(index.search(query, 'en', 3));
    }
  });
});
