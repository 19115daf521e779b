import { describe, expect, it } from 'vitest';
import { expandShorthand } from '../../bot/locale/shorthand.ts';
import { canonicalVietnamese, foldDiacritics } from '../../bot/text/vietnamese.ts';

const normalizeVietnamese = (text: string) => expandShorthand(canonicalVietnamese(text), 'vi');

describe('Vietnamese normalisation', () => {
  it('folds diacritics including đ/Đ', () => {
    expect(foldDiacritics('Đại Nội Huế')).toBe('Dai Noi Hue');
    expect(foldDiacritics('đường phố')).toBe('duong pho');
  });

  it('folds the same whether the text arrives composed, decomposed or mixed with other scripts', () => {
    expect(foldDiacritics('Nguye\u0302\u0303n Hue\u0302\u0301')).toBe('Nguyen Hue');
    expect(foldDiacritics('Crème brûlée, ĐẠI NỘI')).toBe('Creme brulee, DAI NOI');
    expect(foldDiacritics('Huế 후에 フエ・ガイド 顺化')).toBe('Hue 후에 フエ・ガイド 顺化');
    expect(foldDiacritics('ga\u3099')).toBe('ga\u3099'.normalize('NFC'));
    // Asked twice in a row (several detectors fold the same message), the answer does not change.
    expect(foldDiacritics('hỏng đèn')).toBe('hong den');
    expect(foldDiacritics('hỏng đèn')).toBe('hong den');
  });

  it('composes decomposed input to NFC', () => {
    const decomposed = 'Hue\u0302\u0301';
    expect(canonicalVietnamese(decomposed)).toBe('Huế');
  });

  it('puts old and new tone placements in one form', () => {
    expect(canonicalVietnamese('hoà')).toBe(canonicalVietnamese('hòa'));
    expect(canonicalVietnamese('thuỷ')).toBe(canonicalVietnamese('thủy'));
    expect(canonicalVietnamese('khoẻ')).toBe(canonicalVietnamese('khỏe'));
    // Closed syllables and shaped vowels keep their only correct placement.
    expect(canonicalVietnamese('hoàng')).toBe('hoàng');
    expect(canonicalVietnamese('người')).toBe('người');
    expect(canonicalVietnamese('quý')).toBe('quý');
  });

  it('expands chat abbreviations', () => {
    expect(normalizeVietnamese('ko dc j').text).toBe('không được gì');
    expect(normalizeVietnamese('cho xin sdt tp hue').text).toBe('cho xin số điện thoại thành phố hue');
    expect(normalizeVietnamese('đc hok').text).toBe('được không');
  });

  it('notes Huế dialect words without replacing them', () => {
    const result = normalizeVietnamese('lăng Khải Định ở mô');
    expect(result.text).toContain('mô');
    expect(result.extra).toContain('đâu');
  });
});
