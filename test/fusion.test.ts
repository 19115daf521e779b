import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../knowledge/src/fusion.ts';

const ranking = (...ids: string[]): Array<{ id: string }> => ids.map((id) => ({ id }));
const ids = (items: Array<{ id: string }>): string[] => items.map((i) => i.id);

describe('reciprocalRankFusion', () => {
  it('scores Σ 1/(k + rank) and ranks agreement first', () => {
    const fused = reciprocalRankFusion([ranking('a', 'b', 'c'), ranking('b', 'a', 'd')]);
    expect(ids(fused)).toEqual(['a', 'b', 'c', 'd']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 63, 12);
  });

  it('lets an id near the top of both rankings beat the top of only one', () => {
    expect(ids(reciprocalRankFusion([ranking('x', 'y'), ranking('z', 'y')]))[0]).toBe('y');
  });

  it('keeps an id present in one ranking only', () => {
    const fused = reciprocalRankFusion([ranking('a'), ranking('b', 'only-here')]);
    expect(fused.find((f) => f.id === 'only-here')?.score).toBeCloseTo(1 / 62, 12);
  });

  it('applies one weight per ranking', () => {
    const rankings = [ranking('lex', 'vec'), ranking('vec', 'lex')];
    expect(ids(reciprocalRankFusion(rankings, { weights: [2, 1] }))).toEqual(['lex', 'vec']);
    expect(ids(reciprocalRankFusion(rankings, { weights: [1, 2] }))).toEqual(['vec', 'lex']);
    expect(reciprocalRankFusion(rankings, { weights: [0, 1] })[0]?.score).toBeCloseTo(1 / 61, 12);
    expect(() => reciprocalRankFusion(rankings, { weights: [1] })).toThrow(/1 weights for 2 rankings/);
  });

  it('uses k', () => {
    expect(reciprocalRankFusion([ranking('a')], { k: 0 })[0]?.score).toBe(1);
    expect(() => reciprocalRankFusion([ranking('a')], { k: -1 })).toThrow(/k must be/);
  });

  it('breaks ties by first appearance', () => {
    expect(ids(reciprocalRankFusion([ranking('a', 'b'), ranking('b', 'a')]))).toEqual(['a', 'b']);
    expect(ids(reciprocalRankFusion([ranking('p'), ranking('q'), ranking('r')]))).toEqual(['p', 'q', 'r']);
  });

  it('counts an id repeated within one ranking once, at its best rank', () => {
    expect(reciprocalRankFusion([ranking('a', 'a')])).toEqual([{ id: 'a', score: 1 / 61 }]);
  });

  it('handles empty input', () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    expect(ids(reciprocalRankFusion([[], ranking('a')]))).toEqual(['a']);
  });
});
