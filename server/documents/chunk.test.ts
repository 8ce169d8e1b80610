import { describe, expect, it } from 'vitest';
import { makeTextPdf, PDF_PAGES } from '@/test/samples/generate';
import { type Chunk, chunkDocument, chunkEmbeddingText, countTokens, documentText } from './chunk';
import { extractDocument } from './extract';
import type { Block, ExtractedDocument } from './extract/types';

const single = (blocks: Block[]): ExtractedDocument => ({ pages: [{ page: null, blocks }], pageCount: null, needsOcr: [], metadata: {} });
const paged = (pages: Block[][]): ExtractedDocument => ({
  pages: pages.map((blocks, i) => ({ page: i + 1, blocks })),
  pageCount: pages.length,
  needsOcr: [],
  metadata: {},
});
const p = (text: string): Block => ({ kind: 'paragraph', text });
const h = (text: string, level: number): Block => ({ kind: 'heading', text, level });

/** The invariants every chunking must keep; returned for further checks. */
function checkInvariants(doc: ExtractedDocument, chunks: Chunk[], target: number) {
  const text = documentText(doc);
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.content);
    expect(chunk.content).toBe(chunk.content.trim());
    expect(chunk.tokenCount).toBe(countTokens(chunk.content));
    expect(chunk.tokenCount).toBeLessThanOrEqual(target);
    if (i > 0) {
      const previous = chunks[i - 1]!;
      expect(chunk.charStart).toBeGreaterThan(previous.charStart);
      expect(chunk.charEnd).toBeGreaterThan(previous.charEnd);
    }
  });
  // Nothing is lost: every non-whitespace character is in some chunk.
  const covered = new Uint8Array(text.length);
  for (const chunk of chunks) covered.fill(1, chunk.charStart, chunk.charEnd);
  for (let i = 0; i < text.length; i++) if (!covered[i]) expect(text[i]).toMatch(/\s/);
  return text;
}

/** A 30-sentence paragraph, each sentence numbered so that overlaps can be recognised. */
const LONG = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} talks about pricing, invoices and the enterprise plan.`).join(
  ' ',
);

describe('countTokens', () => {
  it('counts words, punctuation, digits and CJK deterministically', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('The quick brown fox, jumps.')).toBe(7);
    expect(countTokens('2024')).toBe(2);
    expect(countTokens('internationalization')).toBe(3);
    expect(countTokens('漢字テスト')).toBe(5);
    expect(countTokens('a b') + countTokens('c d')).toBe(countTokens('a b\n\nc d'));
  });
});

describe('chunkDocument', () => {
  it('chunks the sample PDF by heading, with pages, sections and exact offsets', async () => {
    const doc = await extractDocument(await makeTextPdf(), 'pdf');
    const chunks = chunkDocument(doc);
    const text = checkInvariants(doc, chunks, 500);
    const page = (i: number) => [PDF_PAGES[i]!.heading, ...PDF_PAGES[i]!.paragraphs.map((lines) => lines.join(' '))].join('\n\n');
    expect(chunks.map(({ content, pageFrom, pageTo, section }) => ({ content, pageFrom, pageTo, section }))).toEqual([
      { content: page(0), pageFrom: 1, pageTo: 1, section: 'Pricing' },
      { content: page(1), pageFrom: 2, pageTo: 2, section: 'Pricing > Enterprise' },
      { content: page(2), pageFrom: 3, pageTo: 3, section: 'Office hours' },
    ]);
    expect(chunks[0]!.charStart).toBe(0);
    expect(chunks[1]!.charStart).toBe(chunks[0]!.charEnd + 2);
    expect(chunks[2]!.charEnd).toBe(text.length);
  });

  it('splits an oversized paragraph at sentence ends and overlaps whole sentences', () => {
    const doc = single([h('Pricing', 1), p(LONG), p('A closing remark.')]);
    const chunks = chunkDocument(doc, { targetTokens: 100, overlapTokens: 30 });
    const text = checkInvariants(doc, chunks, 100);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]!.content.startsWith('Pricing\n\nSentence number 1 ')).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      const previous = chunks[i - 1]!;
      expect(chunk.section).toBe('Pricing');
      // Each chunk repeats the tail of the previous one, starting at a sentence.
      expect(chunk.charStart).toBeLessThan(previous.charEnd);
      expect(chunk.content).toMatch(/^Sentence number \d+ /);
      expect(countTokens(text.slice(chunk.charStart, previous.charEnd))).toBeLessThanOrEqual(30);
      // …and every chunk but the last ends at a sentence end.
      expect(previous.content).toMatch(/\.$/);
    }
    expect(chunks[chunks.length - 1]!.content.endsWith('enterprise plan.\n\nA closing remark.')).toBe(true);
  });

  it('splits a run-on sentence between words, and a giant word anywhere, within the target', () => {
    const runOn = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const blob = 'x'.repeat(3000);
    const doc = single([p(runOn), p(blob)]);
    const chunks = chunkDocument(doc, { targetTokens: 40, overlapTokens: 0 });
    checkInvariants(doc, chunks, 40);
    const parts = chunks.flatMap((c) => c.content.split(/\s+/));
    // Words are never torn; only the whitespace-free blob is cut, and all of it is kept once.
    expect(parts.filter((part) => part.startsWith('word'))).toEqual(runOn.split(' '));
    expect(parts.filter((part) => !part.startsWith('word')).join('')).toBe(blob);
    expect(chunks.filter((c) => c.content.includes('x')).length).toBeGreaterThan(5);
  });

  it('starts a chunk at each heading and keeps consecutive headings with their text', () => {
    const doc = single([
      h('Guide', 1),
      p('Intro text.'),
      h('Pricing', 2),
      h('Enterprise', 3),
      p('Ninety euros.'),
      h('Support', 2),
      p('Email us.'),
    ]);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks, 500);
    expect(chunks.map((c) => [c.content, c.section])).toEqual([
      ['Guide\n\nIntro text.', 'Guide'],
      ['Pricing\n\nEnterprise\n\nNinety euros.', 'Guide > Pricing > Enterprise'],
      ['Support\n\nEmail us.', 'Guide > Support'],
    ]);
    // No overlap across a heading.
    expect(chunks[1]!.charStart).toBe(chunks[0]!.charEnd + 2);
  });

  it('groups CSV rows without overlap', () => {
    const rows = Array.from({ length: 60 }, (_, i): Block => ({ kind: 'row', text: `name: Person ${i}; city: Lisbon` }));
    const doc = single(rows);
    const chunks = chunkDocument(doc, { targetTokens: 50 });
    checkInvariants(doc, chunks, 50);
    expect(chunks.length).toBeGreaterThan(5);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.charStart).toBe(chunks[i - 1]!.charEnd + 2);
    for (const chunk of chunks) {
      expect(chunk.section).toBeNull();
      expect(chunk.pageFrom).toBeNull();
      expect(chunk.content.split('\n\n').every((row) => row.startsWith('name: Person '))).toBe(true);
    }
  });

  it('keeps a few rows to a chunk whatever the target, so that a row is found by what it says', () => {
    const rows = Array.from({ length: 60 }, (_, i): Block => ({ kind: 'row', text: `service: svc${i}; port: ${1000 + i}; protocol: tcp` }));
    const doc = single([p('Services this network runs, one per row.'), ...rows]);
    const chunks = chunkDocument(doc);
    checkInvariants(doc, chunks, 500);
    expect(chunks.length).toBeGreaterThanOrEqual(8);
    for (const chunk of chunks.slice(1)) expect(chunk.tokenCount).toBeLessThanOrEqual(96);
    // The paragraph before the table keeps the first row with it, as any other block.
    expect(chunks[0]!.content).toMatch(/^Services this network runs, one per row\.\n\nservice: svc0;/);
  });

  it('runs small pages together but ends a half-full chunk at a page boundary', () => {
    const small = paged([[p('Page one is short.')], [p('Page two is short too.')]]);
    expect(chunkDocument(small).map((c) => [c.pageFrom, c.pageTo])).toEqual([[1, 2]]);

    const sentence = 'This sentence is about the annual report and nothing else.';
    const full = paged([[p(Array(6).fill(sentence).join(' '))], [p(sentence)]]);
    const chunks = chunkDocument(full, { targetTokens: 100, overlapTokens: 20 });
    checkInvariants(full, chunks, 100);
    expect(chunks.map((c) => [c.pageFrom, c.pageTo])).toEqual([
      [1, 1],
      [1, 2], // starts with the last sentence of page 1 as overlap
    ]);
    expect(chunks[1]!.content).toBe(`${sentence}\n\n${sentence}`);
  });

  it('keeps slides apart, each under its own title', () => {
    const deck = paged([
      [
        { kind: 'slide-title', text: 'Roadmap', level: 1 },
        { kind: 'list', text: 'Mobile app', level: 1 },
      ],
      [p('A slide without a title.')],
      [
        { kind: 'slide-title', text: 'Team', level: 1 },
        { kind: 'row', text: 'Ana | Engineer' },
      ],
    ]);
    const chunks = chunkDocument(deck);
    checkInvariants(deck, chunks, 500);
    expect(chunks.map((c) => [c.content, c.pageFrom, c.section])).toEqual([
      ['Roadmap\n\nMobile app', 1, 'Roadmap'],
      ['A slide without a title.', 2, null],
      ['Team\n\nAna | Engineer', 3, 'Team'],
    ]);
  });

  it('handles empty documents and blank blocks', () => {
    expect(chunkDocument(single([]))).toEqual([]);
    const doc = single([p('  '), p('Only text.')]);
    const chunks = chunkDocument(doc);
    expect(chunks).toEqual([
      { index: 0, content: 'Only text.', tokenCount: 3, pageFrom: null, pageTo: null, section: null, charStart: 4, charEnd: 14 },
    ]);
    expect(documentText(doc).slice(4, 14)).toBe('Only text.');
  });

  it('embeds a chunk with its section for context', () => {
    expect(chunkEmbeddingText({ content: 'Ninety euros.', section: 'Pricing > Enterprise' })).toBe('Pricing > Enterprise\n\nNinety euros.');
    expect(chunkEmbeddingText({ content: 'Text.', section: null })).toBe('Text.');
  });
});
