/**
 * Sample documents made by the tests themselves, so that no binary fixture has to be trusted or
 * kept in sync: every file here is built from known text with a real writer library (pdf-lib,
 * docx, pptxgenjs, fflate) or, for hostile input, crafted byte by byte on purpose.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import PptxGenJS from 'pptxgenjs';

export const PDF_PAGES = [
  {
    heading: 'Pricing',
    headingSize: 20,
    paragraphs: [
      ['The Starter plan costs twelve euros per user per month.', 'It includes email support and five projects.'],
      ['Annual billing saves two months on every plan.'],
    ],
  },
  {
    heading: 'Enterprise',
    headingSize: 15,
    paragraphs: [['The Enterprise plan is priced at ninety euros per user per month.', 'It adds single sign-on and audit logs.']],
  },
  {
    heading: 'Office hours',
    headingSize: 20,
    paragraphs: [['Our Lisbon office is open Monday to Friday from nine to five.']],
  },
] as const;

/** Three pages, each a 20 or 15 pt heading over 11 pt paragraphs separated by a blank line's gap. */
export async function makeTextPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Price list');
  doc.setAuthor('Sales team');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const { heading, headingSize, paragraphs } of PDF_PAGES) {
    const page = doc.addPage([612, 792]);
    let y = 720;
    page.drawText(heading, { x: 72, y, size: headingSize, font: bold });
    y -= 40;
    for (const lines of paragraphs) {
      for (const line of lines) {
        page.drawText(line, { x: 72, y, size: 11, font });
        y -= 14;
      }
      y -= 14;
    }
  }
  return doc.save();
}

/** A one-page PDF with large, clean text: rendered, it is the OCR test's image. */
export async function makeOcrSourcePdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 80 + lines.length * 56]);
  lines.forEach((line, i) => page.drawText(line, { x: 36, y: page.getHeight() - 70 - i * 56, size: 32, font }));
  return doc.save();
}

/** A "scanned" PDF: its only page is a picture, with no text layer at all. */
export async function makeScannedPdf(png: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  const width = 612;
  const height = (image.height / image.width) * width;
  doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  return doc.save();
}

/**
 * A PDF whose trailer has a Standard security handler /Encrypt entry with a /U value no empty
 * password matches: readers must ask for a password. (pdf-lib cannot encrypt, so the entry is
 * written by hand; the content streams stay plain, which a reader never gets to see.)
 */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Top secret salary table', { x: 72, y: 700, size: 12, font });
  const context = doc.context;
  const bytes = (seed: number) =>
    PDFHexString.of(Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join(''));
  const encrypt = context.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44 });
  encrypt.set(PDFName.of('O'), bytes(11));
  encrypt.set(PDFName.of('U'), bytes(99));
  context.trailerInfo.Encrypt = context.register(encrypt);
  const id = PDFHexString.of('00112233445566778899aabbccddeeff');
  context.trailerInfo.ID = context.obj([id, id]);
  return doc.save({ useObjectStreams: false });
}

export async function makeDocx(): Promise<Uint8Array> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    creator: 'Docs team',
    title: 'Handbook',
    sections: [
      {
        children: [
          new Paragraph({ text: 'Employee handbook', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Pricing', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [new TextRun('Every plan is billed '), new TextRun({ text: 'monthly', bold: true }), new TextRun('.')],
          }),
          new Paragraph({ text: 'Enterprise', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'The Enterprise plan includes single sign-on.', alignment: AlignmentType.LEFT }),
          new Paragraph({ text: 'Dedicated support manager', bullet: { level: 0 } }),
          new Paragraph({ text: 'Custom contract terms', bullet: { level: 0 } }),
          new Table({
            rows: [
              new TableRow({ tableHeader: true, children: [cell('Plan'), cell('Price')] }),
              new TableRow({ children: [cell('Starter'), cell('12 EUR')] }),
              new TableRow({ children: [cell('Enterprise'), cell('90 EUR')] }),
            ],
          }),
          new Paragraph({ text: 'Prices exclude VAT.' }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** Three slides with title placeholders, bullets, a table and speaker notes. */
export async function makePptx(): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.title = 'Q3 review';
  pptx.author = 'Finance';
  pptx.defineSlideMaster({
    title: 'CONTENT',
    objects: [
      { placeholder: { options: { name: 'title', type: 'title', x: 0.5, y: 0.3, w: 9, h: 1 }, text: '' } },
      { placeholder: { options: { name: 'body', type: 'body', x: 0.5, y: 1.5, w: 9, h: 4 }, text: '' } },
    ],
  });
  const one = pptx.addSlide({ masterName: 'CONTENT' });
  one.addText('Quarterly results', { placeholder: 'title' });
  one.addText('Revenue grew in Lisbon and Oslo.', { x: 0.5, y: 5.2, w: 9, h: 0.5 });
  one.addNotes('Mention the new Oslo office.');
  const two = pptx.addSlide({ masterName: 'CONTENT' });
  two.addText('Roadmap', { placeholder: 'title' });
  two.addText(
    [
      { text: 'Launch the mobile app', options: { bullet: true } },
      { text: 'Open a Berlin office', options: { bullet: true } },
    ],
    { placeholder: 'body' },
  );
  const three = pptx.addSlide({ masterName: 'CONTENT' });
  three.addText('Team', { placeholder: 'title' });
  three.addTable(
    [
      [{ text: 'Name' }, { text: 'Role' }],
      [{ text: 'Ana' }, { text: 'Engineer' }],
    ],
    { x: 0.5, y: 1.5, w: 6 },
  );
  const buffer = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
  return new Uint8Array(buffer);
}

/** The same deck with slides 1 and 2 swapped in presentation.xml (the files keep their names). */
export function reorderFirstTwoSlides(pptx: Uint8Array): Uint8Array {
  const files = unzipSync(pptx);
  const xml = new TextDecoder().decode(files['ppt/presentation.xml']);
  const ids = [...xml.matchAll(/<p:sldId [^>]*\/>/g)].map((m) => m[0]);
  if (ids.length < 2) throw new Error('expected at least two slides');
  const swapped = xml.replace(ids[0]!, '\u0000').replace(ids[1]!, ids[0]!).replace('\u0000', ids[1]!);
  files['ppt/presentation.xml'] = strToU8(swapped);
  return zipSync(files);
}

const DOCX_CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const DOCX_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/**
 * A DOCX whose word/document.xml inflates to `megabytes` MB (an XML start, then spaces), written
 * as a streamed ZIP (data descriptors, sizes only in the central directory): ~1 KB per MB on
 * disk. Built chunk by chunk, so making it costs little memory.
 */
export function makeZipBombDocx(megabytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  const add = (name: string, text: string) => {
    const file = new ZipDeflate(name, { level: 9 });
    zip.add(file);
    file.push(strToU8(text), true);
  };
  add('[Content_Types].xml', DOCX_CONTENT_TYPES);
  add('_rels/.rels', DOCX_RELS);
  // Level 1 compresses a run of one byte as well as level 9 does (~1:1000), and faster.
  const document = new ZipDeflate('word/document.xml', { level: 1 });
  zip.add(document);
  document.push(
    strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'),
  );
  const megabyte = new Uint8Array(1024 * 1024).fill(0x20);
  for (let i = 0; i < megabytes; i++) document.push(megabyte);
  document.push(strToU8('</w:body></w:document>'), true);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Writes deflate's bit stream: fields LSB first, Huffman codes MSB first (RFC 1951 §3.1.1). */
class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private used = 0;
  bits(value: number, count: number) {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }
  code(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--) this.bit((value >> i) & 1);
  }
  private bit(b: number) {
    this.current |= b << this.used;
    if (++this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }
  get aligned() {
    return this.used === 0;
  }
  finish(): Uint8Array {
    if (this.used > 0) this.bytes.push(this.current);
    return Uint8Array.from(this.bytes);
  }
}

/** One fixed-Huffman deflate block: `text` as literals, then `runs` × "repeat the last byte 258 times". */
function fixedBlock(text: string, runs: number, final: boolean): Uint8Array {
  const w = new BitWriter();
  w.bits(final ? 1 : 0, 1);
  w.bits(1, 2); // fixed Huffman codes
  for (const byte of strToU8(text)) w.code(0x30 + byte, 8); // literals 0-143: 8-bit codes
  for (let i = 0; i < runs; i++) {
    w.code(0b11000101, 8); // length code 285: 258 bytes
    w.code(0, 5); // distance code 0: one byte back
  }
  w.code(0, 7); // end of block
  if (!final && !w.aligned) throw new Error('block does not end on a byte');
  return w.finish();
}

/**
 * A DOCX whose word/document.xml inflates to about `gigabytes` GiB of spaces, made in
 * milliseconds: its deflate stream is written by hand, one 6.6 KB block per ~1 MB of output,
 * repeated (a block of 10 + 13n bits ends on a byte when n ≡ 6 mod 8). The central directory
 * declares the true size; the CRC is left 0, since a reader must refuse the file before it
 * could check it.
 */
export function makeDeflateBombDocx(gigabytes: number): Uint8Array {
  const head = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body> ';
  const tail = '</w:body></w:document>';
  const RUNS = 4062; // ≡ 6 mod 8
  const first = fixedBlock(head, 6, false);
  const middle = fixedBlock('', RUNS, false);
  const last = fixedBlock(tail, 0, true);
  const blocks = Math.max(1, Math.round((gigabytes * 1024 ** 3) / (RUNS * 258)));
  const size = strToU8(head).length + 6 * 258 + blocks * RUNS * 258 + strToU8(tail).length;
  const data = new Uint8Array(first.length + blocks * middle.length + last.length);
  data.set(first, 0);
  for (let i = 0; i < blocks; i++) data.set(middle, first.length + i * middle.length);
  data.set(last, first.length + blocks * middle.length);

  const small = zipSync({ '[Content_Types].xml': strToU8(DOCX_CONTENT_TYPES), '_rels/.rels': strToU8(DOCX_RELS) });
  // Take the two small entries as fflate wrote them, and add the bomb by hand.
  const dv = new DataView(small.buffer, small.byteOffset, small.byteLength);
  const eocd = small.length - 22;
  const cdOffset = dv.getUint32(eocd + 16, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const name = strToU8('word/document.xml');
  const local = new Uint8Array(30 + name.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(4, 20, true);
  lv.setUint16(8, 8, true);
  lv.setUint32(18, data.length, true);
  lv.setUint32(22, size, true);
  lv.setUint16(26, name.length, true);
  local.set(name, 30);
  const central = new Uint8Array(46 + name.length);
  const cv = new DataView(central.buffer);
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(4, 20, true);
  cv.setUint16(6, 20, true);
  cv.setUint16(10, 8, true);
  cv.setUint32(20, data.length, true);
  cv.setUint32(24, size, true);
  cv.setUint16(28, name.length, true);
  cv.setUint32(42, cdOffset, true);
  central.set(name, 46);
  const out = new Uint8Array(cdOffset + local.length + data.length + cdSize + central.length + 22);
  let at = 0;
  const put = (part: Uint8Array) => {
    out.set(part, at);
    at += part.length;
  };
  put(small.subarray(0, cdOffset));
  put(local);
  put(data);
  const newCd = at;
  put(small.subarray(cdOffset, cdOffset + cdSize));
  put(central);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, 3, true);
  ev.setUint16(10, 3, true);
  ev.setUint32(12, cdSize + central.length, true);
  ev.setUint32(16, newCd, true);
  put(end);
  return out;
}

/** A ZIP with a spreadsheet's manifest: a real OOXML file, but not one we accept. */
export function makeXlsxLikeZip(): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    ),
    'xl/workbook.xml': strToU8('<workbook/>'),
  });
}

export function makePlainZip(): Uint8Array {
  return zipSync({ 'notes.txt': strToU8('hello'), 'word/document.xml': strToU8('<not-really/>') });
}

/** The first bytes of a Windows executable: "MZ", a DOS stub and a PE header pointer. */
export function makeExe(): Uint8Array {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  bytes.set(strToU8('This program cannot be run in DOS mode.'), 0x4e);
  return bytes;
}

/** A 1×1 GIF. */
export function makeGif(): Uint8Array {
  return Uint8Array.from([
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x21, 0xf9, 0x04,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
  ]);
}

export const HTML_SAMPLE = `<!DOCTYPE html>
<html lang="en">
<head>
  <title>Pricing &amp; plans</title>
  <style>.secret { color: red } /* style text */</style>
  <script>var leaked = "script text";</script>
</head>
<body>
  <noscript>Enable JavaScript noscript text</noscript>
  <template><p>template text</p></template>
  <nav><a href="/">Home</a></nav>
  <h1>Pricing</h1>
  <p>All plans include <strong>unlimited</strong> users &mdash; really.</p>
  <div hidden>hidden attribute text</div>
  <p style="display: none">display none text</p>
  <span aria-hidden="true">aria hidden text</span>
  <h2>Enterprise</h2>
  <p>Contact   sales
     for a quote.</p>
  <ul>
    <li>Single sign-on</li>
    <li>Audit logs<ul><li>Exported daily</li></ul></li>
  </ul>
  <table>
    <tr><th>Plan</th><th>Price</th></tr>
    <tr><td>Starter</td><td>12 EUR</td></tr>
    <tr><td>Enterprise</td><td><p>90</p><p>EUR</p></td></tr>
  </table>
  <script type="application/ld+json">{"json": "ld text"}</script>
</body>
</html>`;

export const MARKDOWN_SAMPLE = `---
title: "Team guide"
owner: ops
---
# Onboarding

Welcome to the **team**. Read the [handbook](https://example.com/handbook) first &amp; ask questions.

## Tools

- Laptop
- Accounts
  - Email
  - Chat

\`\`\`bash
npm install
npm test
\`\`\`

| Tool | Owner |
| ---- | ----- |
| Chat | IT    |

Setext heading
--------------

Final paragraph.
`;

export const CSV_SAMPLE =
  '\uFEFFname,city,notes\n' + 'Ana,"Lisbon, Portugal","Likes ""quotes"""\n' + 'Bo,Oslo,"Line one\nline two"\n' + 'Cy,,\n';
