import { describe, expect, it } from 'vitest';
import {
  makeDocx,
  makeExe,
  makeGif,
  makePlainZip,
  makePptx,
  makeTextPdf,
  makeXlsxLikeZip,
  makeDeflateBombDocx,
  CSV_SAMPLE,
  HTML_SAMPLE,
  MARKDOWN_SAMPLE,
} from '@/test/samples/generate';
import { sniffFileType } from './sniff';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sniffFileType', () => {
  it('recognises PDF, DOCX and PPTX by content', async () => {
    expect(await sniffFileType(await makeTextPdf(), 'scan.pdf')).toEqual({ fileType: 'pdf', mimeType: 'application/pdf' });
    expect(await sniffFileType(await makeDocx(), 'report.docx')).toEqual({
      fileType: 'docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect(await sniffFileType(await makePptx(), 'deck')).toEqual({
      fileType: 'pptx',
      mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    });
  });

  it('accepts a PDF with junk before its header, as readers do', async () => {
    const pdf = await makeTextPdf();
    const junk = new Uint8Array(100 + pdf.length);
    junk.set(pdf, 100);
    expect(await sniffFileType(junk, 'x.pdf')).toMatchObject({ fileType: 'pdf' });
  });

  it('recognises PNG and JPEG by signature', async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0,
    ]);
    expect(await sniffFileType(png, 'photo.png')).toEqual({ fileType: 'png', mimeType: 'image/png' });
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    expect(await sniffFileType(jpeg, 'photo.JPG')).toEqual({ fileType: 'jpeg', mimeType: 'image/jpeg' });
    expect(await sniffFileType(jpeg, 'photo.jpeg')).toEqual({ fileType: 'jpeg', mimeType: 'image/jpeg' });
    // A picture whose name says the other picture format disagrees too.
    expect(await sniffFileType(png, 'photo.jpg')).toEqual({
      error: 'This file is a PNG image, but its name ends in .jpg, which means a JPEG image. Rename it to end in .png and upload it again.',
    });
  });

  it('refuses renamed binaries with a sentence saying what they are', async () => {
    expect(await sniffFileType(makePlainZip(), 'report.docx')).toEqual({
      error: 'This file is a ZIP archive, which is not a supported document type.',
    });
    expect(await sniffFileType(makeExe(), 'invoice.pdf')).toEqual({
      error: 'This file is a Windows program (EXE), which is not a supported document type.',
    });
    expect(await sniffFileType(makeGif(), 'scan.png')).toEqual({
      error: 'This file is a GIF image, which is not a supported document type.',
    });
    expect(await sniffFileType(makeXlsxLikeZip(), 'sheet.docx')).toEqual({
      error: 'This file is an Excel workbook (XLSX), which is not a supported document type.',
    });
  });

  it('says an empty file is empty', async () => {
    expect(await sniffFileType(new Uint8Array(0), 'empty.txt')).toEqual({ error: 'The file is empty.' });
    expect(await sniffFileType(utf8('  \n\n '), 'blank.txt')).toEqual({ error: 'The file contains no text.' });
  });

  it('never lets an extension turn binary data into text', async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const result = await sniffFileType(random, 'notes.txt');
    expect(result).toHaveProperty('error');
    const withNul = utf8('hello\u0000world');
    expect(await sniffFileType(withNul, 'notes.txt')).toHaveProperty('error');
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café" in Latin-1
    expect(await sniffFileType(latin1, 'menu.txt')).toEqual({
      error: 'This file is not a supported document type, and it is not UTF-8 text either.',
    });
  });

  it('lets the extension choose between text kinds', async () => {
    expect(await sniffFileType(utf8('a,b\n1,2\n'), 'data.csv')).toEqual({ fileType: 'csv', mimeType: 'text/csv' });
    expect(await sniffFileType(utf8('# Title\n\nText'), 'notes.txt')).toMatchObject({ fileType: 'txt' });
    expect(await sniffFileType(utf8('plain words'), 'README.md')).toMatchObject({ fileType: 'md' });
    expect(await sniffFileType(utf8('<p>hi</p>'), 'page.htm')).toMatchObject({ fileType: 'html' });
    // Endings the text kinds do not list, and that name no binary format, are text's own business.
    expect(await sniffFileType(utf8('{"a": 1}'), 'data.json')).toMatchObject({ fileType: 'txt' });
    expect(await sniffFileType(utf8('Minutes of the meeting'), 'Q3 minutes v1.2')).toMatchObject({ fileType: 'txt' });
  });

  it('refuses a name that disagrees with the content, saying what the content is', async () => {
    expect(await sniffFileType(utf8('Remember to water the plants.\n'), 'notes.exe')).toEqual({
      error:
        'This file is plain text, but its name ends in .exe, which means a Windows program (EXE). Rename it to end in .txt and upload it again.',
    });
    expect(await sniffFileType(await makeTextPdf(), 'report.zip')).toEqual({
      error:
        'This file is a PDF document, but its name ends in .zip, which means a ZIP archive. Rename it to end in .pdf and upload it again.',
    });
    expect(await sniffFileType(await makeTextPdf(), 'scan.docx')).toEqual({
      error:
        'This file is a PDF document, but its name ends in .docx, which means a Word document (DOCX). Rename it to end in .pdf and upload it again.',
    });
    expect(await sniffFileType(await makeDocx(), 'report.zip')).toEqual({
      error:
        'This file is a Word document (DOCX), but its name ends in .zip, which means a ZIP archive. Rename it to end in .docx and upload it again.',
    });
    expect(await sniffFileType(utf8('just some words'), 'fake.pdf')).toEqual({
      error:
        'This file is plain text, but its name ends in .pdf, which means a PDF document. Rename it to end in .txt and upload it again.',
    });
    expect(await sniffFileType(utf8(HTML_SAMPLE), 'page.png')).toMatchObject({
      error: expect.stringMatching(
        /^This file is an HTML page, but its name ends in \.png, which means a PNG image\. Rename it to end in \.html/,
      ),
    });
    // An ending we do not know at all is named as it is.
    expect(await sniffFileType(await makeTextPdf(), 'report.final')).toEqual({
      error: 'This file is a PDF document, but its name ends in .final. Rename it to end in .pdf and upload it again.',
    });
  });

  it('tells text kinds apart by content when the name does not say', async () => {
    expect(await sniffFileType(utf8(HTML_SAMPLE), 'download')).toEqual({ fileType: 'html', mimeType: 'text/html' });
    expect(await sniffFileType(utf8(MARKDOWN_SAMPLE), 'README')).toEqual({ fileType: 'md', mimeType: 'text/markdown' });
    expect(await sniffFileType(utf8(CSV_SAMPLE), 'export')).toEqual({ fileType: 'csv', mimeType: 'text/csv' });
    expect(await sniffFileType(utf8('Dear team,\nthanks for the help.\nBest, Ana'), 'letter')).toEqual({
      fileType: 'txt',
      mimeType: 'text/plain',
    });
    expect(
      await sniffFileType(utf8('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>'), 'a'),
    ).toMatchObject({ fileType: 'html' });
    expect(await sniffFileType(utf8('<?xml version="1.0"?><data><row/></data>'), 'a.xml')).toEqual({
      error: 'This file is an XML file, which is not a supported document type.',
    });
  });

  it('reads UTF-16 text with a byte order mark', async () => {
    const text = '\uFEFFHello, UTF-16 world';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      bytes[i * 2] = text.charCodeAt(i) & 0xff;
      bytes[i * 2 + 1] = text.charCodeAt(i) >> 8;
    }
    expect(await sniffFileType(bytes, 'hello.txt')).toEqual({ fileType: 'txt', mimeType: 'text/plain' });
  });

  it('sniffs a zip bomb cheaply: only the manifest is inflated', async () => {
    // Sniffing inflates with a 1 MB budget: touching the 1 GiB part would throw.
    expect(await sniffFileType(makeDeflateBombDocx(1), 'bomb.docx')).toMatchObject({ fileType: 'docx' });
  });
});
