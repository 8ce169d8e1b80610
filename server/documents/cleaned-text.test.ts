import { readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { type Chunk, chunkDocument, countTokens, documentText } from './chunk';
import { extractDocument, type ExtractedDocument, type FileType } from './extract';

/**
 * Extraction cleans the text (./extract/clean.ts) and the chunker cuts what extraction returns,
 * so the offsets stay exact: these tests run real texts through both.
 */

const utf8 = (text: string) => new TextEncoder().encode(text);
const GPL3 = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
const APACHE2 = readFileSync('/usr/share/common-licenses/Apache-2.0', 'utf8');

/** Greedy word wrap at `width` columns, the way fixed-width texts and PDF lines are set. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** /etc/services as a CSV: one row per service and protocol. */
function servicesCsv(): string {
  const rows = ['service,port,protocol,aliases'];
  for (const raw of readFileSync('/etc/services', 'utf8').split('\n')) {
    const [name, portProtocol, ...aliases] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (!name || !portProtocol) continue;
    const [port, protocol] = portProtocol.split('/');
    rows.push([name, port, protocol, aliases.join(' ')].join(','));
  }
  return rows.join('\n');
}

const MARKDOWN = [
  '# Operations handbook',
  '',
  'Backups run every night and are kept for thirty days. A restore is tested once',
  'a month by the on-call engineer, who writes the result into the transpar-',
  'ency log.',
  '',
  '## Restores',
  '',
  '1. Open the backup console and pick the snapshot you need; the console lists',
  '   snapshots by date.',
  '2. Start the restore.',
  '',
  '```sh',
  'restore --snapshot latest',
  'restore --verify',
  '```',
  '',
  '| Step | Owner |',
  '| ---- | ----- |',
  '| Verify | On-call |',
].join('\n');

const HTML = '<h1>Trans&shy;parency</h1><p>We report transpar&shy;ently on every incident.</p>';

const PATENT_PARAGRAPH =
  'If, pursuant to or in connection with a single transaction or arrangement, you convey, or propagate by procuring conveyance of, a covered work, and grant a patent license to some of the parties receiving the covered work authorizing them to use, propagate, modify or convey a specific copy of the covered work, then the patent license you grant is automatically extended to all recipients of the covered work and works based on it.';

/** Two pages of 10 pt body text: a 16 pt heading, wrapped lines (one hyphenated), a bold-less numbered title. */
async function makeWrappedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const one = doc.addPage([612, 792]);
  one.drawText('Patents', { x: 72, y: 720, size: 16, font: bold });
  const lines = wrap(PATENT_PARAGRAPH, 80);
  // The document's own hyphenation: "recipi-" + "ents" at a line end.
  const at = lines.findIndex((line) => line.includes(' recipients'));
  const [before, after] = lines[at]!.split(' recipients');
  lines.splice(at, 1, `${before} recipi-`, `ents${after}`);
  lines.forEach((line, i) => one.drawText(line, { x: 72, y: 690 - i * 13, size: 10, font }));
  const two = doc.addPage([612, 792]);
  two.drawText("12. No Surrender of Others' Freedom.", { x: 72, y: 720, size: 10, font });
  wrap(
    'If conditions are imposed on you that contradict the conditions of this License, they do not excuse you from the conditions of this License.',
    80,
  ).forEach((line, i) => two.drawText(line, { x: 72, y: 696 - i * 13, size: 10, font }));
  return doc.save();
}

/** GPL-3 as a fixed-width PDF: every line of the file drawn in Courier, 60 lines a page. */
async function makeLicencePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const lines = GPL3.split('\n');
  for (let start = 0; start < lines.length; start += 60) {
    const page = doc.addPage([612, 792]);
    lines.slice(start, start + 60).forEach((line, i) => {
      if (line.trim()) page.drawText(line, { x: 40, y: 750 - i * 11, size: 9, font });
    });
  }
  return doc.save();
}

/** The chunker's invariants, whatever the input: exact offsets, trimmed content, pages in range. */
function checkChunks(doc: ExtractedDocument, chunks: Chunk[], target: number) {
  const text = documentText(doc);
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    expect(text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.content);
    expect(chunk.content).toBe(chunk.content.trim());
    expect(chunk.tokenCount).toBe(countTokens(chunk.content));
    expect(chunk.tokenCount).toBeLessThanOrEqual(target);
    expect(chunk.content).not.toContain('\u00ad');
    if (doc.pageCount !== null) {
      expect(chunk.pageFrom).toBeGreaterThanOrEqual(1);
      expect(chunk.pageTo).toBeLessThanOrEqual(doc.pageCount);
    }
  }
  return text;
}

const INPUTS: Array<[name: string, type: FileType, bytes: () => Promise<Uint8Array> | Uint8Array]> = [
  ['GPL-3', 'txt', () => utf8(GPL3)],
  ['Apache-2.0', 'txt', () => utf8(APACHE2)],
  ['/etc/services as CSV', 'csv', () => utf8(servicesCsv())],
  ['a Markdown handbook', 'md', () => utf8(MARKDOWN)],
  ['HTML with soft hyphens', 'html', () => utf8(HTML)],
  ['a wrapped two-page PDF', 'pdf', makeWrappedPdf],
  ['GPL-3 as a fixed-width PDF', 'pdf', makeLicencePdf],
];

describe('cleaned text, chunked', () => {
  it.each(INPUTS)('%s: every chunk is exactly documentText.slice(charStart, charEnd)', async (_name, type, bytes) => {
    const doc = await extractDocument(await bytes(), type);
    for (const target of [40, 120, 500]) checkChunks(doc, chunkDocument(doc, { targetTokens: target, overlapTokens: 20 }), target);
  });

  it('GPL-3: the patent sentence is whole, on one line, under its section', async () => {
    const doc = await extractDocument(utf8(GPL3), 'txt');
    const chunks = chunkDocument(doc);
    checkChunks(doc, chunks, 500);
    const chunk = chunks.find((c) => c.content.includes('covered work, and grant a patent license to some of the parties'))!;
    expect(chunk.section).toBe('TERMS AND CONDITIONS > 11. Patents.');
    expect(chunk.content).toContain(
      'If, pursuant to or in connection with a single transaction or arrangement, you convey, or propagate by procuring conveyance of, a covered work, and grant a patent license to some of the parties receiving the covered work',
    );
  });

  it('Apache-2.0: a chunk starts at its numbered section, the heading apart from the paragraph', async () => {
    const doc = await extractDocument(utf8(APACHE2), 'txt');
    const chunks = chunkDocument(doc);
    checkChunks(doc, chunks, 500);
    const grant = chunks.find((c) => c.content.startsWith('2. Grant of Copyright License.'))!;
    expect(grant.content.startsWith('2. Grant of Copyright License.\n\nSubject to the terms and conditions of this License,')).toBe(true);
    expect(grant.section).toBe('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION > 2. Grant of Copyright License.');
  });

  it('CSV: rows stay whole, each with its column names, and no chunk splits one', async () => {
    const doc = await extractDocument(utf8(servicesCsv()), 'csv');
    const rows = doc.pages[0]!.blocks;
    expect(rows).toContainEqual({ kind: 'row', text: 'service: ssh; port: 22; protocol: tcp' });
    const chunks = chunkDocument(doc, { targetTokens: 120 });
    const text = checkChunks(doc, chunks, 120);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      for (const row of chunk.content.split('\n\n')) expect(row).toMatch(/^service: [^;]+; port: \d+; protocol: (tcp|udp|ddp|sctp)/);
    }
    let offset = 0;
    for (const row of rows) {
      const start = text.indexOf(row.text, offset);
      offset = start + row.text.length;
      expect(chunks.some((c) => c.charStart <= start && offset <= c.charEnd)).toBe(true);
    }
  });

  it('Markdown: wrapped lines joined, hyphenation undone, code verbatim, sections from headings', async () => {
    const doc = await extractDocument(utf8(MARKDOWN), 'md');
    expect(doc.pages[0]!.blocks).toEqual([
      { kind: 'heading', text: 'Operations handbook', level: 1 },
      {
        kind: 'paragraph',
        text: 'Backups run every night and are kept for thirty days. A restore is tested once a month by the on-call engineer, who writes the result into the transparency log.',
      },
      { kind: 'heading', text: 'Restores', level: 2 },
      { kind: 'list', text: 'Open the backup console and pick the snapshot you need; the console lists snapshots by date.', level: 1 },
      { kind: 'list', text: 'Start the restore.', level: 1 },
      { kind: 'paragraph', text: 'restore --snapshot latest\nrestore --verify' },
      { kind: 'row', text: 'Step: Verify; Owner: On-call' },
    ]);
    const chunks = chunkDocument(doc, { targetTokens: 40 });
    checkChunks(doc, chunks, 40);
    expect(chunks.find((c) => c.content.includes('restore --verify'))?.section).toBe('Operations handbook > Restores');
  });

  it('HTML: soft hyphens are gone', async () => {
    const doc = await extractDocument(utf8(HTML), 'html');
    expect(doc.pages[0]!.blocks).toEqual([
      { kind: 'heading', text: 'Transparency', level: 1 },
      { kind: 'paragraph', text: 'We report transparently on every incident.' },
    ]);
  });

  it('GPL-3 as a PDF: paragraphs joined line by line, numbered and ALL-CAPS titles as headings, pages kept', async () => {
    const doc = await extractDocument(await makeLicencePdf(), 'pdf');
    const chunks = chunkDocument(doc);
    checkChunks(doc, chunks, 500);
    const headings = doc.pages.flatMap((p) => p.blocks.filter((b) => b.kind === 'heading').map((b) => b.text));
    expect(headings[0]).toBe('TERMS AND CONDITIONS');
    expect(headings).toContain('11. Patents.');
    expect(headings).toContain('END OF TERMS AND CONDITIONS');
    const patent = chunks.find((c) => c.content.includes('covered work, and grant a patent license to some of the parties'))!;
    expect(patent.section).toBe('TERMS AND CONDITIONS > 11. Patents.');
    // Line 515 of the file, 60 lines a page.
    expect(patent.pageFrom).toBeLessThanOrEqual(9);
    expect(patent.pageTo).toBeGreaterThanOrEqual(9);
  });

  it('PDF: lines joined into the paragraph, "recipi-" + "ents" rejoined, pages and headings kept', async () => {
    const doc = await extractDocument(await makeWrappedPdf(), 'pdf');
    expect(doc.pages.map((p) => p.blocks)).toEqual([
      [
        { kind: 'heading', text: 'Patents', level: 1 },
        { kind: 'paragraph', text: PATENT_PARAGRAPH },
      ],
      [
        { kind: 'heading', text: "12. No Surrender of Others' Freedom.", level: 2 },
        {
          kind: 'paragraph',
          text: 'If conditions are imposed on you that contradict the conditions of this License, they do not excuse you from the conditions of this License.',
        },
      ],
    ]);
    const chunks = chunkDocument(doc);
    checkChunks(doc, chunks, 500);
    expect(chunks.map((c) => [c.pageFrom, c.pageTo, c.section])).toEqual([
      [1, 1, 'Patents'],
      [2, 2, "Patents > 12. No Surrender of Others' Freedom."],
    ]);
  });
});
