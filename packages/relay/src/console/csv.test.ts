import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';

describe('csv cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+1', "'+1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('quotes commas, quotes and line breaks, leaves plain text and numbers alone', () => {
    expect(csvLine(['Zoé', 'a,b', 'say "hi"', 'two\nlines', 42, null])).toBe('Zoé,"a,b","say ""hi""","two\nlines",42,\r\n');
    expect(csvCell(-3)).toBe('-3');
  });
});
