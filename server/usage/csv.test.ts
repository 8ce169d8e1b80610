import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
  });

  it('neutralises formulas with a leading apostrophe, and leaves numbers alone', () => {
    expect(csvField("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-200)).toBe('-200');
    expect(csvField(null)).toBe('');
  });

  it('reads back field for field through a CSV parser', () => {
    const hostile = ['=HYPERLINK("http://x","y"), and more', 'line\r\nbreak', 'ok', 12];
    const [row] = parse(csvLine(hostile)) as string[][];
    expect(row).toEqual(['\'=HYPERLINK("http://x","y"), and more', 'line\r\nbreak', 'ok', '12']);
  });
});
