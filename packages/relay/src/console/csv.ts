/**
 * CSV as spreadsheets read it safely: RFC 4180 (CRLF lines, fields quoted
 * when they hold a comma, quote or line break, quotes doubled), a UTF-8 byte
 * order mark so Excel reads accents right, and every cell that a spreadsheet
 * would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return) prefixed with `'`, so `=HYPERLINK(...)` stays text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export const BOM = '\uFEFF';

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
