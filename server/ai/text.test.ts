import { describe, expect, it } from 'vitest';
import { contentWords, overlap, splitSentences } from './text';

describe('text utilities', () => {
  it('splits sentences with exact offsets, keeping abbreviations and decimals whole', () => {
    const text = 'The plan costs 9.50 euros. It includes e.g. email support!\nSecond line here';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['The plan costs 9.50 euros.', 'It includes e.g. email support!', 'Second line here']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('carries a sentence over a blank line where a page cut it, and nowhere else', () => {
    const text =
      'Each contributor grants you a patent license to make, use and sell the work, and to some of the\n\nparties who receive it.\n\nheadings start paragraphs.\n\nA short title\n\nlower case after a short line.\n\nservice: ssh; port: 22; protocol: tcp; description: The Secure Shell\n\nservice: git; port: 9418; protocol: tcp';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Each contributor grants you a patent license to make, use and sell the work, and to some of the\n\nparties who receive it.',
      'headings start paragraphs.',
      'A short title',
      'lower case after a short line.',
      'service: ssh; port: 22; protocol: tcp; description: The Secure Shell',
      'service: git; port: 9418; protocol: tcp',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps abbreviations, initialisms, section numbers and decimals inside their sentences', () => {
    const text =
      'Fees follow the U.S. rules in Sec. 3 of the contract, e.g. the 2.5 percent fee. Dr. Lee approves them. See No. 4 for details.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Fees follow the U.S. rules in Sec. 3 of the contract, e.g. the 2.5 percent fee.',
      'Dr. Lee approves them.',
      'See No. 4 for details.',
    ]);
  });

  it('runs hard-wrapped lines on into one sentence, with exact offsets', () => {
    // GPL-3 section 8 as shipped in /usr/share/common-licenses: wrapped at 70 columns, two spaces after full stops.
    const text = `  8. Termination.

  You may not propagate or modify a covered work except as expressly
provided under this License.  Any attempt otherwise to propagate or
modify it is void, and will automatically terminate your rights under
this License (including any patent licenses granted under the third
paragraph of section 11).
`;
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text.replace(/\s+/g, ' '))).toEqual([
      '8. Termination.',
      'You may not propagate or modify a covered work except as expressly provided under this License.',
      'Any attempt otherwise to propagate or modify it is void, and will automatically terminate your rights under this License (including any patent licenses granted under the third paragraph of section 11).',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps list items, headings and table rows apart, and a numbered item whole', () => {
    const text = [
      '# Exit codes',
      'The command exits with one of these codes:',
      '1. The file was not found.',
      '2. The server could not be reached.',
      '- a bullet that wraps onto',
      'a second line',
      'service: ssh; port: 22; protocol: tcp',
      'service: dns; port: 53; protocol: udp',
      'service,port',
      'ssh,22',
    ].join('\n');
    expect(splitSentences(text).map((s) => s.text.replace(/\s+/g, ' '))).toEqual([
      '# Exit codes',
      'The command exits with one of these codes:',
      '1. The file was not found.',
      '2. The server could not be reached.',
      '- a bullet that wraps onto a second line',
      'service: ssh; port: 22; protocol: tcp',
      'service: dns; port: 53; protocol: udp',
      'service,port',
      'ssh,22',
    ]);
  });

  it('finds content words and their overlap with a question', () => {
    expect(contentWords('What is the price of the Enterprise plans?')).toEqual(['pric', 'enterpris', 'plan']);
    expect(contentWords('priced prices price')).toEqual(['pric', 'pric', 'pric']);
    expect(overlap(contentWords('price of the enterprise plan'), 'The Enterprise plan is priced at 90 euros.')).toBe(1);
    expect(overlap(contentWords('price of the starter plan'), 'The Enterprise plan is priced at 90 euros.')).toBeCloseTo(2 / 3);
  });
});
