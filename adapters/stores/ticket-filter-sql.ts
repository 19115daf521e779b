/** Builds the WHERE clause of a ticket list for either SQL dialect. */
import type { TicketFilters } from '../../bot/tickets/types.ts';

export interface Dialect {
  /** Placeholder for the n-th (1-based) parameter. */
  param(n: number): string;
  /** Case-insensitive LIKE operator. */
  ilike: string;
  /** Converts a Date to what the driver stores. */
  date(d: Date): unknown;
}

export const sqliteDialect: Dialect = { param: () => '?', ilike: 'LIKE', date: (d) => d.toISOString() };
export const pgDialect: Dialect = { param: (n) => `$${n}`, ilike: 'ILIKE', date: (d) => d };

export const MAX_LIST_LIMIT = 1000;

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function buildTicketFilter(filters: TicketFilters, dialect: Dialect): { where: string; params: unknown[]; limit: number; offset: number } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return dialect.param(params.length);
  };
  const inList = (column: string, values: unknown[]) => {
    if (values.length) clauses.push(`${column} IN (${values.map(p).join(', ')})`);
  };
  inList('status', asList(filters.status));
  inList('category', asList(filters.category));
  inList('code', filters.codes ?? []);
  inList('reporter_channel', asList(filters.channel));
  if (filters.unit) clauses.push(`unit_name = ${p(filters.unit)}`);
  if (filters.ward) clauses.push(`ward = ${p(filters.ward)}`);
  if (filters.from) clauses.push(`created_at >= ${p(dialect.date(filters.from))}`);
  if (filters.to) clauses.push(`created_at < ${p(dialect.date(filters.to))}`);
  if (filters.text?.trim()) {
    const pattern = `%${escapeLike(filters.text.trim())}%`;
    const like = (col: string) => `${col} ${dialect.ilike} ${p(pattern)} ESCAPE '\\'`;
    clauses.push(`(${like('code')} OR ${like('description')} OR ${like('address')})`);
  }
  const limit = Math.min(Math.max(1, Math.floor(filters.limit ?? 50)), MAX_LIST_LIMIT);
  const offset = Math.max(0, Math.floor(filters.offset ?? 0));
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, limit, offset };
}
