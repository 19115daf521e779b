/** RFC 4180 CSV, safe to open in a spreadsheet (no cell is read as a formula). */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell; a quote mark defuses it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRows(header: readonly string[], rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  // A byte-order mark so spreadsheet programs read the Vietnamese letters as UTF-8.
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
