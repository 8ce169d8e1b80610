import { expect, type Page, test } from '@playwright/test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { CSV_SAMPLE, HTML_SAMPLE, makePptx, MARKDOWN_SAMPLE } from '../../test/samples/generate';
import { ACCOUNTS, signIn } from '../support/auth';
import {
  documentRow,
  expectStatus,
  handbookDocx,
  openDocuments,
  payload,
  pricePdf,
  runId,
  searchDocuments,
  shot,
  uploadFiles,
  type FilePayload,
} from '../support/documents';

/**
 * Every supported file type through the production build's own parsers: a real file of each
 * kind reaches Completed with the right page count, and a phrase it holds is found in the chunk
 * browser. The pictures (PNG, JPEG, a scanned PDF) are real screenshots of a page of text taken
 * by the browser, so OCR runs in the built server as it does for users.
 */

/** OCR of three pictures and nine other files on two cores, beside the browser and the database. */
const PROCESSING_TIMEOUT = 240_000;

type Sample = { file: FilePayload; pages: string; phrase: string };

/** A page of large, plain text, photographed by the browser as PNG or JPEG. */
async function pictureOfText(page: Page, lines: string[], type: 'png' | 'jpeg'): Promise<Buffer> {
  const picture = await page.context().newPage();
  try {
    await picture.setViewportSize({ width: 1000, height: 120 + lines.length * 70 });
    const html = lines.map((line) => `<p>${line}</p>`).join('');
    await picture.setContent(
      `<body style="margin:40px;background:#fff;color:#000;font:44px/1.4 'DejaVu Sans',Arial,sans-serif">${html}</body>`,
    );
    return await picture.screenshot({ type, ...(type === 'jpeg' ? { quality: 90 } : {}) });
  } finally {
    await picture.close();
  }
}

/** A "scanned" PDF: one page that is only a JPEG picture, with no text layer. */
async function scannedPdf(jpeg: Buffer): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpeg);
  doc.addPage([image.width, image.height]).drawImage(image, { x: 0, y: 0, width: image.width, height: image.height });
  return doc.save();
}

/** An OOXML file with the run id as its title, so its checksum is new in every run. */
function withTitle(ooxml: Uint8Array, id: string): Uint8Array {
  const files = unzipSync(ooxml);
  const core = new TextDecoder().decode(files['docProps/core.xml']);
  files['docProps/core.xml'] = strToU8(core.replace(/<dc:title>[^<]*<\/dc:title>/, `<dc:title>Deck ${id}</dc:title>`));
  return zipSync(files);
}

async function samples(page: Page, id: string): Promise<Sample[]> {
  const [pngPicture, jpegPicture, scanPicture] = await Promise.all([
    pictureOfText(page, ['Quarterly revenue grew', `in Lisbon and Oslo ${id}`], 'png'),
    pictureOfText(page, ['The warehouse opens', `at seven every morning ${id}`], 'jpeg'),
    pictureOfText(page, ['Invoices are paid', `within thirty days ${id}`], 'jpeg'),
  ]);
  const name = (base: string, ext: string) => `${base}-${id}.${ext}`;
  return [
    { file: payload(name('price-list', 'pdf'), 'application/pdf', await pricePdf(id)), pages: '3', phrase: 'ninety euros per user' },
    {
      file: payload(name('scanned-invoice', 'pdf'), 'application/pdf', await scannedPdf(scanPicture)),
      pages: '1',
      phrase: 'within thirty days',
    },
    { file: payload(name('revenue', 'png'), 'image/png', pngPicture), pages: '1', phrase: 'Quarterly revenue grew' },
    { file: payload(name('warehouse', 'jpg'), 'image/jpeg', jpegPicture), pages: '1', phrase: 'at seven every morning' },
    {
      file: payload(
        name('handbook', 'docx'),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        await handbookDocx(id),
      ),
      // A Word file has no pages until it is laid out: the console does not invent a count.
      pages: '—',
      phrase: 'includes single sign-on',
    },
    {
      file: payload(
        name('q3-review', 'pptx'),
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        withTitle(await makePptx(), id),
      ),
      pages: '3',
      phrase: 'Launch the mobile app',
    },
    {
      file: payload(name('pricing', 'html'), 'text/html', HTML_SAMPLE.replace('</body>', `<p>Run ${id}</p></body>`)),
      pages: '—',
      phrase: 'Contact sales for a quote',
    },
    {
      file: payload(name('team-guide', 'md'), 'text/markdown', `${MARKDOWN_SAMPLE}\nRun ${id}.\n`),
      pages: '—',
      phrase: 'Welcome to the team',
    },
    {
      file: payload(name('notes', 'txt'), 'text/plain', `Meeting notes ${id}\n\nThe board approved the new travel policy on Tuesday.\n`),
      pages: '—',
      phrase: 'approved the new travel policy',
    },
    { file: payload(name('people', 'csv'), 'text/csv', `${CSV_SAMPLE}Run,${id},\n`), pages: '—', phrase: 'Lisbon, Portugal' },
  ];
}

test('[DOCUMENTS][FILE_TYPES]: one real file of every supported type, scanned pages and pictures included, is processed by the built console and searchable', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const id = runId();
  await signIn(page, ACCOUNTS.acmeEditor);
  const files = await samples(page, id);
  await openDocuments(page, 'acme');
  await uploadFiles(
    page,
    files.map((s) => s.file),
    { collection: 'General' },
  );
  // Only this run's files, whatever other tests upload meanwhile.
  await searchDocuments(page, id);

  for (const { file, pages } of files) {
    await expectStatus(page, file.name, 'Completed', PROCESSING_TIMEOUT);
    await expect(documentRow(page, file.name).getByRole('cell').nth(4), `pages of ${file.name}`).toHaveText(pages);
  }
  await shot(page, '10-every-file-type-completed');

  for (const { file, phrase } of files) {
    await documentRow(page, file.name).getByRole('link', { name: file.name, exact: true }).click();
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText(file.name);
    await main.getByLabel('Search in chunks').fill(phrase);
    const chunks = main.getByRole('region', { name: 'Chunks' }).getByRole('list', { name: 'Chunks' });
    await expect(chunks.getByRole('listitem').first(), `"${phrase}" in ${file.name}`).toContainText(phrase, { ignoreCase: true });
    if (file.name.startsWith('scanned-')) {
      await expect(main.getByRole('region', { name: 'Details' })).toContainText('Pages read with OCR');
      await shot(page, '11-scanned-pdf-ocr-chunk');
    }
    await page.goBack();
    await expect(documentRow(page, file.name)).toBeVisible();
  }
});
