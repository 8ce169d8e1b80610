import { describe, expect, it } from 'vitest';
import { linesToBlocks, type PdfLine } from './pdf-layout';

/** Lines set top-down from y = 700 with the given gaps (in points) before each. */
function lines(spec: Array<[text: string, size: number, gapBefore?: number]>): PdfLine[] {
  let y = 700;
  return spec.map(([text, size, gap = size * 1.2], i) => {
    if (i > 0) y -= gap;
    return { text, x: 72, y, size };
  });
}

describe('linesToBlocks', () => {
  it('finds headings by size, joins wrapped lines and undoes hyphenation', () => {
    const [page] = linesToBlocks([
      lines([
        ['Annual report', 24],
        ['Revenue', 16, 36],
        ['The company grew its infor-', 11, 26],
        ['mation services in every market', 11],
        ['and region.', 11],
        ['A second paragraph.', 11, 24],
      ]),
    ]);
    expect(page).toEqual([
      { kind: 'heading', text: 'Annual report', level: 1 },
      { kind: 'heading', text: 'Revenue', level: 2 },
      { kind: 'paragraph', text: 'The company grew its information services in every market and region.' },
      { kind: 'paragraph', text: 'A second paragraph.' },
    ]);
  });

  it('starts list items at bullets and numbers, and a new block when text jumps up a column', () => {
    const column = lines([
      ['Intro line of the left column', 11],
      ['• First point', 11],
      ['2) Second point', 11],
    ]);
    const [page] = linesToBlocks([[...column, { text: 'Top of the right column', x: 320, y: 700, size: 11 }]]);
    expect(page).toEqual([
      { kind: 'paragraph', text: 'Intro line of the left column' },
      { kind: 'list', text: 'First point', level: 1 },
      { kind: 'list', text: '2) Second point', level: 1 },
      { kind: 'paragraph', text: 'Top of the right column' },
    ]);
  });

  it('takes lone numbered and ALL-CAPS lines at body size as headings, but not a line repeated on every page', () => {
    const body: Array<[string, number, number?]> = [
      ['The terms below apply to every order', 11, 30],
      ['placed with us, online or by phone,', 11, 13],
      ['and to every delivery we make.', 11, 13],
      ['They replace all earlier versions.', 11, 13],
    ];
    const [first, second] = linesToBlocks([
      lines([['ACME CONFIDENTIAL', 11], ['TERMS AND CONDITIONS', 11, 30], ['3. Definitions', 11, 30], ...body]),
      lines([['ACME CONFIDENTIAL', 11], ...body]),
    ]);
    const paragraph = {
      kind: 'paragraph',
      text: 'The terms below apply to every order placed with us, online or by phone, and to every delivery we make. They replace all earlier versions.',
    };
    expect(first).toEqual([
      { kind: 'paragraph', text: 'ACME CONFIDENTIAL' },
      { kind: 'heading', text: 'TERMS AND CONDITIONS', level: 1 },
      { kind: 'heading', text: '3. Definitions', level: 2 },
      paragraph,
    ]);
    expect(second).toEqual([{ kind: 'paragraph', text: 'ACME CONFIDENTIAL' }, paragraph]);
  });

  it('does not call long large-type text a heading', () => {
    const long = 'Large print introduction that goes on and on. '.repeat(6).trim();
    const [page] = linesToBlocks([
      lines([
        [long, 14],
        ['Body text.', 10, 30],
        ['More body text here for weight.', 10],
      ]),
    ]);
    expect(page![0]).toEqual({ kind: 'paragraph', text: long });
  });
});
