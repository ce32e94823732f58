/**
 * CSV for spreadsheets (RFC 4180): CRLF line ends, fields quoted when they
 * hold a comma, a quote or a line break, quotes doubled, and a UTF-8 byte
 * order mark so Excel reads accents right. A cell that a spreadsheet would
 * run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return, OWASP's list) is prefixed with `'`, so a donor's text can never
 * become a formula on the treasurer's machine.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One cell, neutralised and quoted as needed; null and undefined are empty. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers the relay writes itself (amounts, counts) are never formulas.
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: byte order mark, header row, rows, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.map((line) => `${line}\r\n`).join('')}`;
}
