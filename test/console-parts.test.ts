/** The console's building blocks: its strings in both languages, the chart figures, CSV cells. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvRows } from '../adapters/http/console/csv.ts';
import { median, ticketStats, weekOf } from '../adapters/http/console/stats.ts';
import type { Ticket } from '../bot/tickets/types.ts';
import { DEFAULT_KNOWLEDGE_DIR, loadConsoleStrings } from '../knowledge/src/locales.ts';

describe('console strings', () => {
  it('Vietnamese and English have the same keys with the same placeholders', () => {
    const packs = loadConsoleStrings(DEFAULT_KNOWLEDGE_DIR);
    expect([...packs.keys()].sort()).toEqual(['en', 'vi']);
    const raw = (lang: string) => packs.get(lang)!;
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, en] of Object.entries(raw('en'))) {
      expect(raw('vi')[key], key).toBeDefined();
      expect(holes(raw('vi')[key]!), key).toEqual(holes(en));
    }
    // Every status and channel the pages show has a name.
    for (const k of ['status.received', 'status.in_progress', 'status.resolved', 'status.rejected', 'channel.web']) expect(raw('vi')[k]).not.toBe(raw('en')[k]);
  });
});

const ticket = (created: string, extra: Partial<Ticket> & { resolvedAt?: string } = {}): Ticket =>
  ({
    category: 'noise',
    createdAt: new Date(created),
    history: extra.resolvedAt ? [{ event: 'status', status: 'resolved', at: new Date(extra.resolvedAt), by: 'lan' }] : [],
    ...extra,
  }) as Ticket;

describe('chart figures', () => {
  it('puts a moment in the week of its Monday, Huế time', () => {
    expect(weekOf(new Date('2026-06-01T00:00:00+07:00'))).toBe('2026-06-01'); // a Monday
    expect(weekOf(new Date('2026-05-31T23:59:00+07:00'))).toBe('2026-05-25');
    // Sunday 18:00 UTC is already Monday in Huế.
    expect(weekOf(new Date('2026-05-31T18:00:00Z'))).toBe('2026-06-01');
  });

  it('counts per category per week, medians of hours to resolve and ratings by week of resolution', () => {
    const now = new Date('2026-06-10T05:00:00Z');
    const s = ticketStats(
      [
        ticket('2026-06-08T02:00:00Z', { resolvedAt: '2026-06-08T06:00:00Z', satisfaction: 'up' }),
        ticket('2026-06-09T02:00:00Z', { resolvedAt: '2026-06-09T12:00:00Z', satisfaction: 'down' }),
        ticket('2026-06-09T03:00:00Z', { category: 'street-lighting' }),
        ticket('2026-05-28T02:00:00Z', { resolvedAt: '2026-06-09T02:00:00Z' }),
        ticket('2025-01-01T00:00:00Z'),
      ],
      now,
      3,
    );
    expect(s.weeks).toEqual(['2026-05-25', '2026-06-01', '2026-06-08']);
    expect(s.perCategory).toEqual({ categories: ['noise', 'street-lighting'], counts: [[1, 0, 2], [0, 0, 1]] });
    expect(s.medianResolveHours).toEqual([null, null, 10]);
    expect(s.satisfaction).toEqual({ up: [0, 0, 1], down: [0, 0, 1] });
    expect(s.totals).toEqual({ filed: 4, resolved: 3, medianResolveHours: 10, up: 1, down: 1 });
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
    expect(csvRows(['a', 'b'], [['Huế', 1]])).toBe('\ufeffa,b\r\nHuế,1\r\n');
  });
});
