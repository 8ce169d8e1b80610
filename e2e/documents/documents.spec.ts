import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../support/auth';
import {
  documentRow,
  documentsTable,
  expectNotReloaded,
  expectStatus,
  handbookDocx,
  markPage,
  MIME,
  openDocuments,
  payload,
  pricePdf,
  runId,
  searchDocuments,
  shot,
  truncatedPdf,
  uploadFiles,
  uploadRow,
  windowsProgram,
} from '../support/documents';

/**
 * Documents end to end in the acme workspace: uploading with per-file progress, live processing
 * status, the document page with its history and chunk browser, refusals and failures,
 * duplicates, and restricted collections. Each test makes its own files (names carry a run id),
 * so the tests run in parallel and can be replayed against a long-lived server.
 */

/** Processing runs in the server's worker, next to the browser and the database on two cores. */
const PROCESSING_TIMEOUT = 90_000;

function chunkList(page: Page) {
  return page.getByRole('main').getByRole('region', { name: 'Chunks' }).getByRole('list', { name: 'Chunks' });
}

function history(page: Page) {
  return page.getByRole('main').getByRole('region', { name: 'Processing history' });
}

/** A job card of the processing history, by its type ("Ingest", "Reprocess"). */
function job(page: Page, type: string) {
  return history(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { level: 3, name: type, exact: true }) });
}

test('[DOCUMENTS][UPLOAD_PROCESS]: an admin uploads a PDF and a DOCX, watches them process live and browses the PDF’s chunks by page', async ({
  page,
}) => {
  test.setTimeout(200_000);
  const id = runId();
  const pdfName = `price-list-${id}.pdf`;
  const docxName = `handbook-${id}.docx`;
  const [pdf, docx] = await Promise.all([pricePdf(id), handbookDocx(id)]);

  await signIn(page, ACCOUNTS.acmeAdmin);
  await openDocuments(page, 'acme');
  await markPage(page);

  // Each upload's answer is held back a moment, so that its progress can be seen.
  await page.route('**/api/documents/upload', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await uploadFiles(page, [payload(pdfName, MIME.pdf, pdf), payload(docxName, MIME.docx, docx)], {
    collection: 'General',
    restricted: false,
  });

  for (const name of [pdfName, docxName]) {
    const row = uploadRow(page, name);
    await expect(row).toContainText(/→ (into )?General/);
    await expect(row.getByRole('progressbar', { name: `Uploading ${name}` })).toBeVisible();
  }
  await shot(page, '01-upload-progress');

  // Accepted: the file's name becomes a link to its page, and processing follows.
  for (const name of [pdfName, docxName]) {
    const row = uploadRow(page, name);
    await expect(row.getByRole('link', { name })).toBeVisible({ timeout: 30_000 });
    await expect(row.getByRole('progressbar', { name: `Uploading ${name}` })).toHaveCount(0);
  }
  await page.unroute('**/api/documents/upload');
  // Processing (queued or running) shows as a bar, unless the worker was quicker than us.
  await expect(
    uploadRow(page, pdfName)
      .getByRole('progressbar', { name: `Processing ${pdfName}` })
      .or(uploadRow(page, pdfName).getByText(/^Ready:/)),
  ).toBeVisible();

  // Both reach Completed in the list while the page stays open: the status streams in.
  await expectStatus(page, pdfName, 'Completed', PROCESSING_TIMEOUT);
  await expectStatus(page, docxName, 'Completed', PROCESSING_TIMEOUT);
  await expectNotReloaded(page);
  await expect(uploadRow(page, pdfName)).toContainText('Ready: 3 chunks from 3 pages.');
  await expect(uploadRow(page, docxName)).toContainText(/Ready: \d+ chunks?\./);
  await expect(uploadRow(page, pdfName).getByRole('progressbar')).toHaveCount(0);

  const pdfRow = documentRow(page, pdfName);
  const cells = pdfRow.getByRole('cell');
  await expect(cells.nth(0)).toContainText('General');
  await expect(cells.nth(1)).toHaveText('PDF');
  await expect(cells.nth(4)).toHaveText('3'); // pages
  await expect(cells.nth(5)).toHaveText('3'); // chunks: one per page, each under its heading
  await expect(cells.nth(6)).toContainText('admin@acme.test');
  await expect(cells.nth(7)).not.toHaveText('Not yet');
  await expect(documentRow(page, docxName).getByRole('cell').nth(1)).toHaveText('DOCX');
  await shot(page, '02-list-statuses');

  // The PDF's page.
  await pdfRow.getByRole('link', { name: pdfName }).click();
  await expect(page).toHaveURL(/\/t\/acme\/documents\/[0-9a-f-]{36}$/);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(pdfName);
  await expect(main.getByRole('link', { name: 'All documents' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Download original' })).toBeVisible();
  await expect(main.getByRole('button', { name: 'Reprocess' })).toBeEnabled();
  await expect(main.getByRole('button', { name: 'Delete' })).toBeEnabled();
  const details = main.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Completed');
  await expect(main).toContainText('In General');
  await expect(details).toContainText('application/pdf');

  // Processing history: one ingest job, completed at its first attempt.
  const ingest = job(page, 'Ingest');
  await expect(ingest).toHaveCount(1);
  await expect(ingest).toContainText('Completed');
  const attempts = ingest.getByRole('listitem');
  await expect(attempts).toHaveCount(1);
  await expect(attempts.first()).toContainText('Attempt 1');
  await expect(attempts.first()).toContainText('Completed');
  await expect(ingest).toContainText('1 of 4'); // attempts made, of at most four

  // A preview of the original: the PDF's pages, rendered one at a time.
  const preview = main.getByRole('region', { name: 'Preview' });
  const pageImage = preview.getByRole('img', { name: `Page 1 of ${pdfName}` });
  await expect(pageImage).toBeVisible();
  await expect.poll(() => pageImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await preview.getByRole('button', { name: 'Next page' }).click();
  await expect(preview).toContainText('Page 2 of 3');
  await expect(preview.getByRole('img', { name: `Page 2 of ${pdfName}` })).toBeVisible();
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/documents/03b-detail-preview.png' });

  // The chunk browser: every chunk with its page; the Enterprise price on page 2.
  const chunks = chunkList(page);
  await expect(chunks.getByRole('listitem')).toHaveCount(3);
  await expect(main.getByRole('region', { name: 'Chunks' })).toContainText('3 in all');
  for (const [n, pageLabel] of [
    [1, 'Page 1'],
    [2, 'Page 2'],
    [3, 'Page 3'],
  ] as const) {
    await expect(chunks.getByRole('listitem', { name: `Chunk ${n}` }).getByText(pageLabel, { exact: true })).toBeVisible();
  }
  const enterprise = chunks.getByRole('listitem').filter({ hasText: 'ninety euros' });
  await expect(enterprise).toHaveCount(1);
  await expect(enterprise.getByText('Page 2', { exact: true })).toBeVisible();
  await expect(enterprise).toContainText('The Enterprise plan is priced at ninety euros per user per month.');
  await shot(page, '03-detail-chunk-browser');

  // Page = 3 leaves only page 3's chunks.
  const pageFilter = main.getByLabel('Page', { exact: true });
  await pageFilter.fill('3');
  await expect(main.getByRole('region', { name: 'Chunks' })).toContainText('1 matching');
  await expect(chunks.getByRole('listitem')).toHaveCount(1);
  const pageThree = chunks.getByRole('listitem').first();
  await expect(pageThree.getByText('Page 3', { exact: true })).toBeVisible();
  await expect(pageThree).toContainText('Our Lisbon office is open Monday to Friday from nine to five.');
  await expect(chunks).not.toContainText('ninety euros');
  await shot(page, '04-detail-page-3');

  // A search inside the chunks marks the words.
  await pageFilter.fill('');
  await main.getByLabel('Search in chunks').fill('ninety euros');
  await expect(chunks.getByRole('listitem')).toHaveCount(1);
  await expect(chunks.locator('mark')).toHaveText(['ninety euros']);

  // A citation's link (?page=2&chunk=<id>) opens on that chunk, marked.
  const chunkId = (await enterprise.getAttribute('id'))!.replace(/^chunk-/, '');
  await page.goto(`${new URL(page.url()).pathname}?page=2&chunk=${chunkId}`);
  const linked = chunkList(page).getByRole('listitem').filter({ hasText: 'Linked chunk' });
  await expect(linked).toHaveCount(1);
  await expect(linked).toContainText('ninety euros');
  await expect(page.getByRole('main').getByLabel('Page', { exact: true })).toHaveValue('2');
});

test('[DOCUMENTS][CORRUPT]: a damaged PDF fails with a reason and a Retry button; a disguised program and an empty file are refused at once', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const id = runId();
  const damagedName = `damaged-${id}.pdf`;
  const exeName = 'invoice.pdf';
  const emptyName = `empty-${id}.txt`;

  await signIn(page, ACCOUNTS.acmeAdmin);
  await openDocuments(page, 'acme');
  await uploadFiles(
    page,
    [
      payload(damagedName, MIME.pdf, await truncatedPdf(id)),
      payload(exeName, MIME.pdf, windowsProgram()),
      payload(emptyName, MIME.txt, ''),
    ],
    { collection: 'General' },
  );

  // Refused next to the file, with a sentence; nothing to retry, only to dismiss.
  const exe = uploadRow(page, exeName);
  await expect(exe).toContainText('This file is a Windows program (EXE), which is not a supported document type.');
  await expect(exe.getByRole('button', { name: `Dismiss ${exeName}` })).toBeVisible();
  await expect(exe.getByRole('button', { name: /Try again|Retry/ })).toHaveCount(0);
  await expect(exe.getByRole('link')).toHaveCount(0);
  const empty = uploadRow(page, emptyName);
  await expect(empty).toContainText('The file is empty.');
  await expect(empty.getByRole('button', { name: `Dismiss ${emptyName}` })).toBeVisible();

  // The damaged PDF is accepted (it says it is a PDF), then fails in processing.
  await expect(uploadRow(page, damagedName).getByRole('link', { name: damagedName })).toBeVisible({ timeout: 30_000 });
  await expectStatus(page, damagedName, 'Failed', PROCESSING_TIMEOUT);
  const row = documentRow(page, damagedName);
  await expect(row).toContainText('This PDF is damaged and cannot be read.');
  await expect(row).toContainText('Not retried: it would fail the same way.');
  await expect(row).toContainText('Not processed');
  await expect(row).not.toContainText('Not yet');
  await expect(row.getByRole('button', { name: `Retry ${damagedName}` })).toBeVisible();
  await expect(row.getByRole('cell').nth(5)).toHaveText('—'); // no chunks
  await expect(uploadRow(page, damagedName)).toContainText('This PDF is damaged and cannot be read.');
  // Neither refusal became a document.
  await searchDocuments(page, emptyName);
  await expect(documentsTable(page).locator('tbody')).toContainText('No documents match these filters.');
  await searchDocuments(page, damagedName);
  await expect(documentsTable(page).locator('tbody tr')).toHaveCount(1);
  await shot(page, '05-failed-in-list');

  // Its page says why, with the failed attempt in the history.
  await row.getByRole('link', { name: damagedName }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(damagedName);
  const details = main.getByRole('region', { name: 'Details' });
  await expect(details).toContainText('Failed');
  await expect(details).toContainText('This PDF is damaged and cannot be read.');
  // The truth about the failure: no more automatic attempts, why, and what to do about it.
  await expect(details).toContainText('Failed; it will not be retried automatically, because trying again would fail the same way.');
  await expect(details).toContainText('The file itself is the problem, so Retry would fail the same way');
  await expect(details).toContainText('Not processed: it failed');
  await expect(details).not.toContainText('Not yet');
  // One action: a failed document offers Retry (beside its reason), not Reprocess as well.
  await expect(main.getByRole('button', { name: 'Reprocess' })).toHaveCount(0);
  const ingest = job(page, 'Ingest');
  await expect(ingest).toContainText('Failed');
  await expect(ingest.getByRole('listitem')).toHaveCount(1); // no automatic retry of a damaged file
  await expect(ingest.getByRole('listitem').first()).toContainText('Attempt 1');
  // The attempt count is the attempts listed.
  await expect(ingest.getByRole('definition').filter({ hasText: /^1 of 4$/ })).toHaveCount(1);
  await expect(ingest).not.toContainText('Retries');
  await expect(ingest).toContainText('This PDF is damaged and cannot be read.');
  await expect(main.getByRole('region', { name: 'Chunks' })).toContainText('This document has no chunks: its processing failed.');
  await shot(page, '06-failed-detail');

  // Retry runs it again (a reprocess job), which fails the same way.
  await details.getByRole('button', { name: `Retry ${damagedName}` }).click();
  await expect(job(page, 'Reprocess')).toContainText('Failed', { timeout: PROCESSING_TIMEOUT });
  await expect(details).toContainText('This PDF is damaged and cannot be read.');
  await expect(details.getByRole('button', { name: `Retry ${damagedName}` })).toBeVisible();
  const url = page.url();

  // A viewer reads why it failed, but is not told to retry (they may not), and has no Retry button.
  const viewer = await browser.newPage();
  await signIn(viewer, ACCOUNTS.acmeViewer);
  await viewer.goto(url);
  const viewerDetails = viewer.getByRole('main').getByRole('region', { name: 'Details' });
  await expect(viewerDetails).toContainText('This PDF is damaged and cannot be read.');
  await expect(viewerDetails).toContainText('You cannot process this document again yourself');
  await expect(viewerDetails).not.toContainText('Choose Retry');
  await expect(viewer.getByRole('main').getByRole('button', { name: /Retry|Reprocess/ })).toHaveCount(0);
  await viewer.evaluate(() => window.scrollTo(0, 0));
  await viewer.screenshot({ path: 'test-results/screenshots/documents/07-failed-detail-viewer.png', fullPage: true });
  await viewer.close();
});

test('[DOCUMENTS][DUPLICATE]: the same DOCX uploaded again asks Skip or Replace, and Skip keeps one copy', async ({ page }) => {
  test.setTimeout(120_000);
  const id = runId();
  const firstName = `handbook-dup-${id}.docx`;
  const againName = `handbook-again-${id}.docx`;
  const docx = await handbookDocx(id);

  await signIn(page, ACCOUNTS.acmeAdmin);
  await openDocuments(page, 'acme');
  await uploadFiles(page, [payload(firstName, MIME.docx, docx)], { collection: 'General' });
  await expect(uploadRow(page, firstName).getByRole('link', { name: firstName })).toBeVisible({ timeout: 30_000 });
  await expect(documentRow(page, firstName)).toBeVisible();

  // The same bytes under another name, into the same collection.
  await uploadFiles(page, [payload(againName, MIME.docx, docx)], { collection: 'General' });
  const again = uploadRow(page, againName);
  await expect(again).toContainText(`${againName} is already in this collection as ${firstName}.`);
  await expect(again.getByRole('link', { name: firstName })).toBeVisible();
  await expect(again.getByRole('button', { name: `Skip ${againName}` })).toBeVisible();
  await expect(again.getByRole('button', { name: `Replace with ${againName}` })).toBeVisible();
  await shot(page, '07-duplicate-prompt');

  await again.getByRole('button', { name: `Skip ${againName}` }).click();
  await expect(again).toContainText(`Skipped: already in this collection as ${firstName}.`);
  await expect(again.getByRole('button', { name: `Skip ${againName}` })).toHaveCount(0);

  // One copy, under the first name.
  await searchDocuments(page, id);
  const rows = documentsTable(page).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole('link', { name: firstName })).toBeVisible();
  await page.reload();
  await searchDocuments(page, id);
  await expect(documentsTable(page).locator('tbody tr')).toHaveCount(1);
});

test('[DOCUMENTS][RESTRICTED]: a document in a restricted collection is hidden from a viewer until the admin grants them read access', async ({
  page,
  browser,
}) => {
  test.setTimeout(200_000);
  const id = runId();
  const collection = `Board ${id}`;
  const fileName = `board-minutes-${id}.md`;
  const sentence = `The board approved the Falcon ${id} budget of four million euros.`;

  // The admin creates the restricted collection.
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/documents/collections');
  await expect(page.getByRole('heading', { level: 1, name: 'Collections' })).toBeVisible();
  await page.getByRole('button', { name: 'New collection' }).click();
  const form = page.getByRole('dialog', { name: 'New collection' });
  await form.getByLabel('Name', { exact: true }).fill(collection);
  await form.getByRole('radio', { name: 'Restricted' }).check();
  await form.getByRole('button', { name: 'Create collection' }).click();
  await expect(form).toBeHidden();
  const collectionsTable = page.getByRole('main').getByRole('table', { name: 'Collections of this workspace' });
  const collectionRow = collectionsTable.getByRole('row').filter({ hasText: collection });
  await expect(collectionRow).toContainText('Restricted');

  // … and uploads a note into it.
  await openDocuments(page, 'acme');
  await uploadFiles(page, [payload(fileName, MIME.md, `# Board minutes\n\n${sentence}\n\nThe meeting closed at six.\n`)], {
    collection: `${collection} (restricted)`,
  });
  const link = uploadRow(page, fileName).getByRole('link', { name: fileName });
  await expect(link).toBeVisible({ timeout: 30_000 });
  const detailPath = (await link.getAttribute('href'))!;
  expect(detailPath).toMatch(/^\/t\/acme\/documents\/[0-9a-f-]{36}$/);
  await expectStatus(page, fileName, 'Completed', PROCESSING_TIMEOUT);
  await expect(documentRow(page, fileName).getByRole('cell').first()).toContainText(collection);

  // The viewer, in a browser of their own, sees neither the document nor the collection.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  try {
    await signIn(viewer, ACCOUNTS.acmeViewer);
    await openDocuments(viewer, 'acme');
    await expect(viewer.getByRole('main').getByRole('button', { name: 'Choose files' })).toHaveCount(0);
    await searchDocuments(viewer, fileName);
    await expect(documentsTable(viewer).locator('tbody')).toContainText('No documents match these filters.');
    await expect(viewer.getByRole('main').getByLabel('Collection', { exact: true }).locator('option', { hasText: collection })).toHaveCount(
      0,
    );
    await shot(viewer, '08-viewer-search-hidden');

    await viewer.goto('/t/acme/documents/collections');
    const viewerCollections = viewer.getByRole('main').getByRole('table', { name: 'Collections of this workspace' });
    await expect(viewerCollections.getByRole('row').filter({ hasText: 'General' })).toBeVisible();
    await expect(viewerCollections).not.toContainText(collection);

    await viewer.goto(detailPath);
    await expect(viewer.getByRole('main').getByRole('heading', { name: 'Document not found' })).toBeVisible();
    await expect(viewer.getByRole('main')).not.toContainText(sentence);
    await shot(viewer, '09-viewer-not-found');

    // The admin grants the viewer read access to the collection.
    await page.goto('/t/acme/documents/collections');
    await page.getByRole('button', { name: `Manage access to ${collection}` }).click();
    const access = page.getByRole('dialog', { name: `Manage access to ${collection}` });
    await expect(access).toContainText('Nobody has been granted access yet.');
    await access.getByLabel('Find people').fill(ACCOUNTS.acmeViewer.email);
    const found = access.getByRole('list', { name: 'People found' });
    await expect(found.getByRole('listitem')).toHaveCount(1);
    await expect(found).toContainText(ACCOUNTS.acmeViewer.email);
    await expect(access).toContainText('1 person.');
    await expect(access.getByLabel('Access level')).toHaveValue('read');
    await access.getByRole('button', { name: `Grant read access to ${ACCOUNTS.acmeViewer.email}` }).click();
    await expect(access.getByRole('list', { name: 'People with access' })).toContainText(ACCOUNTS.acmeViewer.email);
    await expect(found).toContainText('Has read access');
    await shot(page, '10-access-granted');
    await access.getByRole('button', { name: 'Done' }).click();
    await expect(access).toBeHidden();

    // Now the viewer finds it, in the list, the collections and on its page.
    await openDocuments(viewer, 'acme');
    await searchDocuments(viewer, fileName);
    await expect(documentRow(viewer, fileName)).toBeVisible();
    await expect(documentRow(viewer, fileName)).toContainText('Completed');
    await viewer.goto('/t/acme/documents/collections');
    await expect(viewer.getByRole('main').getByRole('table', { name: 'Collections of this workspace' })).toContainText(collection);
    await viewer.goto(detailPath);
    const viewerMain = viewer.getByRole('main');
    await expect(viewerMain.getByRole('heading', { level: 1 })).toHaveText(fileName);
    await expect(viewerMain.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await expect(chunkList(viewer)).toContainText(sentence);
    await shot(viewer, '11-viewer-granted-detail');
  } finally {
    await viewerContext.close();
  }
});
