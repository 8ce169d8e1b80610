import { afterAll, describe, expect, it } from 'vitest';
import { makeEncryptedPdf, makeOcrSourcePdf, makeScannedPdf } from '@/test/samples/generate';
import { applyOcrText, extractDocument, ExtractionError } from './index';
import { ocrImage, ocrPdfPage, terminateOcr } from './ocr';
import { renderPdfPages } from './render';

const LINES = ['Quarterly revenue grew', 'in Lisbon and Oslo'];

async function renderFirstPage(pdf: Uint8Array, dpi = 150) {
  for await (const page of renderPdfPages(pdf, [1], { dpi })) return page;
  throw new Error('nothing rendered');
}

describe('OCR (English data from node_modules, nothing downloaded)', () => {
  afterAll(() => terminateOcr());

  it('reads the words in a PNG image', async () => {
    const rendered = await renderFirstPage(await makeOcrSourcePdf(LINES));
    expect(rendered.png.subarray(1, 4)).toEqual(new TextEncoder().encode('PNG'));
    const result = await ocrImage(rendered.png);
    expect(result.text.replace(/\s+/g, ' ')).toContain('Quarterly revenue grew in Lisbon and Oslo');
    expect(result.confidence).toBeGreaterThan(0.7);
  }, 60_000);

  it('reads a scanned PDF page that has no text layer', async () => {
    const picture = await renderFirstPage(await makeOcrSourcePdf(LINES));
    const scanned = await makeScannedPdf(picture.png);
    const doc = await extractDocument(scanned, 'pdf');
    expect(doc.needsOcr).toEqual([1]);
    const { text } = await ocrPdfPage(scanned, 1, { dpi: 200 });
    const merged = applyOcrText(doc, 1, text);
    expect(merged.needsOcr).toEqual([]);
    expect(merged.pages[0]!.blocks.map((b) => b.text).join(' ')).toContain('Quarterly revenue grew in Lisbon and Oslo');
  }, 60_000);

  it('refuses what it cannot read, before starting the engine', async () => {
    await expect(ocrImage(new TextEncoder().encode('not an image'))).rejects.toBeInstanceOf(ExtractionError);
    const encrypted = renderFirstPage(await makeEncryptedPdf());
    await expect(encrypted).rejects.toMatchObject({ code: 'encrypted', userMessage: 'This PDF is password-protected.' });
  });
});
