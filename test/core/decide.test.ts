import { describe, expect, it } from 'vitest';
import { decide } from '../../knowledge/src/understanding/rules/decide.ts';
import type { SearchHit } from '../../bot/ports.ts';

const hit = (id: string, score: number, shortCoverage: number, queryWords: number, unknown = 0): SearchHit => ({
  id,
  score,
  coverage: shortCoverage,
  shortCoverage,
  unknown,
  queryWords,
});

describe('decide', () => {
  it('answers a short question its best entry covers, and refuses one it does not', () => {
    expect(decide([hit('tour.tickets', 10, 0.8, 4)]).kind).toBe('answer');
    expect(decide([hit('tour.tickets', 10, 0.3, 4)]).kind).toBe('oos');
  });

  it('needs less coverage from a long question when one entry clearly leads', () => {
    // "We are two adults and three kids aged 4, 8 and 13. Do the children have to pay at the monuments…"
    const long = [hit('tour.tickets', 20, 0.32, 20, 0.3), hit('tour.itinerary', 8, 0.2, 20, 0.3)];
    expect(decide(long)).toMatchObject({ kind: 'answer', hit: { id: 'tour.tickets' } });
    // A runner-up at 70% of the best is still a clear lead.
    expect(decide([hit('tour.tickets', 20, 0.32, 20, 0.3), hit('tour.itinerary', 14, 0.3, 20, 0.3)]).kind).toBe('answer');
  });

  it('still refuses a long question whose candidates are close or barely covered', () => {
    expect(decide([hit('tour.tickets', 20, 0.32, 20, 0.3), hit('tour.itinerary', 16, 0.3, 20, 0.3)]).kind).toBe('oos');
    expect(decide([hit('tour.tickets', 20, 0.2, 20, 0.3)]).kind).toBe('oos');
    expect(decide([hit('tour.tickets', 20, 0.32, 6, 0.3)]).kind).toBe('oos');
  });
});
