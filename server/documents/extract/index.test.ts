import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  CSV_SAMPLE,
  HTML_SAMPLE,
  makeDocx,
  makeEncryptedPdf,
  makePptx,
  makeTextPdf,
  makeDeflateBombDocx,
  makeZipBombDocx,
  MARKDOWN_SAMPLE,
  PDF_PAGES,
  reorderFirstTwoSlides,
} from '@/test/samples/generate';
import { applyOcrText, extractDocument, ExtractionError, type ExtractedDocument } from './index';
import { encodeGrayPng } from './png';

const utf8 = (text: string) => new TextEncoder().encode(text);
const allText = (doc: ExtractedDocument) => doc.pages.flatMap((p) => p.blocks.map((b) => b.text)).join('\n');

async function expectRefusal(promise: Promise<unknown>, code: ExtractionError['code'], message: string | RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractionError);
  expect((error as ExtractionError).code).toBe(code);
  expect((error as ExtractionError).userMessage).toMatch(message);
}

describe('extractDocument: PDF', () => {
  it('keeps each page’s text on its page, as headings and paragraphs', async () => {
    const doc = await extractDocument(await makeTextPdf(), 'pdf');
    expect(doc.pageCount).toBe(3);
    expect(doc.needsOcr).toEqual([]);
    expect(doc.metadata).toEqual({ title: 'Price list', author: 'Sales team' });
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    PDF_PAGES.forEach((source, i) => {
      const page = doc.pages[i]!;
      expect(page.blocks[0]).toEqual({ kind: 'heading', text: source.heading, level: source.headingSize === 20 ? 1 : 2 });
      // Wrapped lines are joined into one paragraph; the blank-line gap starts a new one.
      expect(page.blocks.slice(1)).toEqual(source.paragraphs.map((lines) => ({ kind: 'paragraph', text: lines.join(' ') })));
    });
  });

  it('lists pages without a text layer for OCR', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('A page with a real text layer on it.', { x: 72, y: 700, size: 12, font });
    pdf.addPage();
    pdf.addPage().drawText('12', { x: 300, y: 30, size: 9, font }); // only a page number
    const doc = await extractDocument(await pdf.save(), 'pdf');
    expect(doc.needsOcr).toEqual([2, 3]);
    expect(doc.pages[0]!.blocks).toEqual([{ kind: 'paragraph', text: 'A page with a real text layer on it.' }]);
  });

  it('refuses password-protected and damaged PDFs with a sentence', async () => {
    await expectRefusal(extractDocument(await makeEncryptedPdf(), 'pdf'), 'encrypted', 'This PDF is password-protected.');
    const pdf = await makeTextPdf();
    await expectRefusal(
      extractDocument(pdf.slice(0, Math.floor(pdf.length / 2)), 'pdf'),
      'damaged',
      'This PDF is damaged and cannot be read.',
    );
    await expectRefusal(
      extractDocument(utf8('%PDF-1.7\nthis is not a PDF at all'), 'pdf'),
      'damaged',
      'This PDF is damaged and cannot be read.',
    );
  });

  it('reports progress, honours maxPages and stops when aborted', async () => {
    const bytes = await makeTextPdf();
    const progress: number[] = [];
    const firstTwo = await extractDocument(bytes, 'pdf', { maxPages: 2, onProgress: (p) => progress.push(p) });
    expect(firstTwo.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(firstTwo.pageCount).toBe(3);
    expect(firstTwo.metadata.truncated).toBe('first 2 of 3 pages');
    expect(progress).toEqual([0.5, 1, 1]);

    const controller = new AbortController();
    const aborted = extractDocument(bytes, 'pdf', {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('stop')),
    });
    await expect(aborted).rejects.toThrow('stop');
    const before = new AbortController();
    before.abort();
    await expect(extractDocument(bytes, 'pdf', { signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses more text than the cap', async () => {
    await expectRefusal(
      extractDocument(await makeTextPdf(), 'pdf', { maxTextChars: 100 }),
      'too-large',
      'This document contains more than 100 characters of text and was refused.',
    );
  });
});

describe('extractDocument: DOCX', () => {
  it('reads headings, paragraphs, list items and table rows in order', async () => {
    const doc = await extractDocument(await makeDocx(), 'docx');
    expect(doc.pageCount).toBeNull();
    expect(doc.metadata).toEqual({ title: 'Handbook', author: 'Docs team' });
    expect(doc.pages).toEqual([
      {
        page: null,
        blocks: [
          { kind: 'heading', text: 'Employee handbook', level: 1 },
          { kind: 'heading', text: 'Pricing', level: 1 },
          { kind: 'paragraph', text: 'Every plan is billed monthly.' },
          { kind: 'heading', text: 'Enterprise', level: 2 },
          { kind: 'paragraph', text: 'The Enterprise plan includes single sign-on.' },
          { kind: 'list', text: 'Dedicated support manager', level: 1 },
          { kind: 'list', text: 'Custom contract terms', level: 1 },
          { kind: 'row', text: 'Plan: Starter; Price: 12 EUR' },
          { kind: 'row', text: 'Plan: Enterprise; Price: 90 EUR' },
          { kind: 'paragraph', text: 'Prices exclude VAT.' },
        ],
      },
    ]);
  });

  it('refuses a zip bomb before it is opened, and damaged files', async () => {
    // 1 GiB declared: refused on the central directory (bench/zip-bomb.ts times it).
    await expectRefusal(
      extractDocument(makeDeflateBombDocx(1), 'docx'),
      'too-large',
      'This file expands to more than 200 MB and was refused.',
    );
    await expectRefusal(
      extractDocument(makeZipBombDocx(3), 'docx', { maxUnzippedBytes: 2 * 1024 * 1024 }),
      'too-large',
      'This file expands to more than 2 MB and was refused.',
    );
    const docx = await makeDocx();
    await expectRefusal(
      extractDocument(docx.slice(0, docx.length - 100), 'docx'),
      'damaged',
      'This Word document is damaged and cannot be read.',
    );
  });
});

describe('extractDocument: PPTX', () => {
  it('makes one page per slide with its title, text, bullets, table rows and notes', async () => {
    const doc = await extractDocument(await makePptx(), 'pptx');
    expect(doc.pageCount).toBe(3);
    expect(doc.metadata).toEqual({ title: 'Q3 review', author: 'Finance' });
    expect(doc.pages).toEqual([
      {
        page: 1,
        blocks: [
          { kind: 'slide-title', text: 'Quarterly results', level: 1 },
          { kind: 'paragraph', text: 'Revenue grew in Lisbon and Oslo.' },
          { kind: 'paragraph', text: 'Speaker notes: Mention the new Oslo office.' },
        ],
      },
      {
        page: 2,
        blocks: [
          { kind: 'slide-title', text: 'Roadmap', level: 1 },
          { kind: 'list', text: 'Launch the mobile app', level: 1 },
          { kind: 'list', text: 'Open a Berlin office', level: 1 },
        ],
      },
      {
        page: 3,
        blocks: [
          { kind: 'slide-title', text: 'Team', level: 1 },
          { kind: 'row', text: 'Name | Role' },
          { kind: 'row', text: 'Ana | Engineer' },
        ],
      },
    ]);
  });

  it('numbers slides in presentation order, not by part name', async () => {
    const doc = await extractDocument(reorderFirstTwoSlides(await makePptx()), 'pptx');
    expect(doc.pages.map((p) => [p.page, p.blocks[0]?.text])).toEqual([
      [1, 'Roadmap'],
      [2, 'Quarterly results'],
      [3, 'Team'],
    ]);
  });

  it('refuses a damaged deck', async () => {
    const pptx = await makePptx();
    await expectRefusal(extractDocument(pptx.slice(0, 200), 'pptx'), 'damaged', 'This PowerPoint file is damaged and cannot be read.');
  });
});

describe('extractDocument: HTML, Markdown, text and CSV', () => {
  it('keeps only the visible text of HTML', async () => {
    const doc = await extractDocument(utf8(HTML_SAMPLE), 'html');
    const text = allText(doc);
    for (const hidden of [
      'script text',
      'style text',
      'noscript text',
      'template text',
      'hidden attribute',
      'display none',
      'aria hidden',
      'ld text',
      'Pricing & plans',
    ]) {
      expect(text).not.toContain(hidden);
    }
    expect(doc.metadata).toEqual({ title: 'Pricing & plans' });
    expect(doc.pages[0]!.blocks).toEqual([
      { kind: 'paragraph', text: 'Home' },
      { kind: 'heading', text: 'Pricing', level: 1 },
      { kind: 'paragraph', text: 'All plans include unlimited users — really.' },
      { kind: 'heading', text: 'Enterprise', level: 2 },
      { kind: 'paragraph', text: 'Contact sales for a quote.' },
      { kind: 'list', text: 'Single sign-on', level: 1 },
      { kind: 'list', text: 'Audit logs', level: 1 },
      { kind: 'list', text: 'Exported daily', level: 2 },
      { kind: 'row', text: 'Plan: Starter; Price: 12 EUR' },
      { kind: 'row', text: 'Plan: Enterprise; Price: 90 EUR' },
    ]);
  });

  it('reads Markdown structure and leaves front matter out', async () => {
    const doc = await extractDocument(utf8(MARKDOWN_SAMPLE), 'md');
    expect(doc.metadata).toEqual({ title: 'Team guide' });
    expect(doc.pages[0]!.blocks).toEqual([
      { kind: 'heading', text: 'Onboarding', level: 1 },
      { kind: 'paragraph', text: 'Welcome to the team. Read the handbook first & ask questions.' },
      { kind: 'heading', text: 'Tools', level: 2 },
      { kind: 'list', text: 'Laptop', level: 1 },
      { kind: 'list', text: 'Accounts', level: 1 },
      { kind: 'list', text: 'Email', level: 2 },
      { kind: 'list', text: 'Chat', level: 2 },
      { kind: 'paragraph', text: 'npm install\nnpm test' },
      { kind: 'row', text: 'Tool: Chat; Owner: IT' },
      { kind: 'heading', text: 'Setext heading', level: 2 },
      { kind: 'paragraph', text: 'Final paragraph.' },
    ]);
  });

  it('splits plain text into paragraphs on blank lines and joins the lines of one', async () => {
    const doc = await extractDocument(utf8('\uFEFFFirst line\r\nsame paragraph  \r\n\r\n  \r\nSecond paragraph.\n\n\n'), 'txt');
    expect(doc.pages).toEqual([
      {
        page: null,
        blocks: [
          { kind: 'paragraph', text: 'First line same paragraph' },
          { kind: 'paragraph', text: 'Second paragraph.' },
        ],
      },
    ]);
    await expectRefusal(
      extractDocument(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), 'txt'),
      'unsupported',
      'This text file is not valid UTF-8 text.',
    );
  });

  it('turns CSV rows into "header: value" rows, quotes and line breaks included', async () => {
    const doc = await extractDocument(utf8(CSV_SAMPLE), 'csv');
    expect(doc.metadata).toEqual({ columns: 3, rows: 3 });
    expect(doc.pages[0]!.blocks).toEqual([
      { kind: 'row', text: 'name: Ana; city: Lisbon, Portugal; notes: Likes "quotes"' },
      { kind: 'row', text: 'name: Bo; city: Oslo; notes: Line one\nline two' },
      { kind: 'row', text: 'name: Cy' },
    ]);
    const semicolons = await extractDocument(utf8('a;b\n1;"x;y"\n'), 'csv');
    expect(semicolons.pages[0]!.blocks).toEqual([{ kind: 'row', text: 'a: 1; b: x;y' }]);
  });
});

describe('extractDocument: images and bad input', () => {
  it('leaves an image’s single page for OCR', async () => {
    const png = encodeGrayPng(new Uint8Array(4 * 3).fill(255), 4, 3);
    expect(await extractDocument(png, 'png')).toEqual({
      pages: [{ page: 1, blocks: [] }],
      pageCount: 1,
      needsOcr: [1],
      metadata: { width: 4, height: 3 },
    });
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 20_000);
    await expectRefusal(extractDocument(huge, 'png'), 'too-large', 'This image is too large to read (100000 × 20000 pixels).');
  });

  it('says an empty file is empty, whatever its type', async () => {
    for (const type of ['pdf', 'docx', 'txt', 'png'] as const) {
      await expectRefusal(extractDocument(new Uint8Array(0), type), 'empty', 'The file is empty.');
    }
  });

  it('merges OCR text into the page that needed it', () => {
    const doc: ExtractedDocument = { pages: [{ page: 1, blocks: [] }], pageCount: 1, needsOcr: [1], metadata: {} };
    const merged = applyOcrText(doc, 1, 'Quarterly revenue\ngrew in Lis-\nbon.\n\nSecond block');
    expect(merged.needsOcr).toEqual([]);
    expect(merged.pages).toEqual([
      {
        page: 1,
        blocks: [
          { kind: 'paragraph', text: 'Quarterly revenue grew in Lisbon.' },
          { kind: 'paragraph', text: 'Second block' },
        ],
      },
    ]);
    expect(doc.needsOcr).toEqual([1]);
  });
});
