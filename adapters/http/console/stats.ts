/** Figures for the console's charts, computed from tickets; weeks start on Monday, Huế time. */
import type { Ticket } from '../../../bot/tickets/types.ts';

const HUE_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Monday (YYYY-MM-DD, Huế time) of the week holding `at`. */
export function weekOf(at: Date): string {
  const local = new Date(at.getTime() + HUE_OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
}

/** When the ticket was first marked resolved, if ever. */
export function resolvedAt(ticket: Ticket): Date | undefined {
  return ticket.history.find((h) => h.event === 'status' && h.status === 'resolved')?.at;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface TicketStats {
  /** Week starts, oldest first. */
  weeks: string[];
  /** Filed per category per week (`counts[c][w]`), categories by id. */
  perCategory: { categories: string[]; counts: number[][] };
  /** Median hours from filing to resolution, by week of resolution; null for a week without any. */
  medianResolveHours: (number | null)[];
  /** Ratings given, by week of resolution. */
  satisfaction: { up: number[]; down: number[] };
  totals: { filed: number; resolved: number; medianResolveHours: number | null; up: number; down: number };
}

export function ticketStats(tickets: readonly Ticket[], now: Date, weekCount: number): TicketStats {
  const last = Date.parse(weekOf(now));
  const weeks = Array.from({ length: weekCount }, (_, i) => new Date(last - (weekCount - 1 - i) * 7 * DAY_MS).toISOString().slice(0, 10));
  const index = new Map(weeks.map((w, i) => [w, i]));
  const categories = [...new Set(tickets.map((t) => t.category))].sort();
  const counts = categories.map(() => weeks.map(() => 0));
  const hours = weeks.map((): number[] => []);
  const up = weeks.map(() => 0);
  const down = weeks.map(() => 0);
  const allHours: number[] = [];
  let filed = 0;
  for (const t of tickets) {
    const w = index.get(weekOf(t.createdAt));
    if (w !== undefined) {
      counts[categories.indexOf(t.category)]![w]! += 1;
      filed += 1;
    }
    const done = resolvedAt(t);
    const rw = done && index.get(weekOf(done));
    if (done && rw !== undefined) {
      const h = (done.getTime() - t.createdAt.getTime()) / 3_600_000;
      hours[rw]!.push(h);
      allHours.push(h);
      if (t.satisfaction === 'up') up[rw]! += 1;
      if (t.satisfaction === 'down') down[rw]! += 1;
    }
  }
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    weeks,
    perCategory: { categories, counts },
    medianResolveHours: hours.map((h) => round(median(h))),
    satisfaction: { up, down },
    totals: {
      filed,
      resolved: allHours.length,
      medianResolveHours: round(median(allHours)),
      up: up.reduce((a, b) => a + b, 0),
      down: down.reduce((a, b) => a + b, 0),
    },
  };
}
