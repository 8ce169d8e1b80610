import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../support/auth';
import { expectStatus, MIME, openDocuments, payload, runId, shot, truncatedPdf, uploadFiles, uploadRow } from '../support/documents';

/**
 * The processing queue is for those who upload: an editor sees their own documents' jobs, with
 * the attempts counted as listed, whether a job will run again, and Retry per job; an admin also
 * has Retry all failed; a viewer has no queue. Each test uploads its own files (names carry a run id).
 */

const PROCESSING_TIMEOUT = 90_000;

function jobsTable(page: Page) {
  return page.getByRole('main').getByRole('table', { name: 'Processing jobs, newest first' });
}

function jobRow(page: Page, type: string, filename: string) {
  return jobsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: filename, exact: true }) })
    .filter({ hasText: type });
}

test('[DOCUMENTS][QUEUE]: an editor follows their failed upload in the processing queue and retries that one job; a viewer has no queue', async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const id = runId();
  const damagedName = `queue-damaged-${id}.pdf`;

  await signIn(page, ACCOUNTS.acmeEditor);
  await openDocuments(page, 'acme');
  await uploadFiles(page, [payload(damagedName, MIME.pdf, await truncatedPdf(id))], { collection: 'General' });
  await expect(uploadRow(page, damagedName).getByRole('link', { name: damagedName })).toBeVisible({ timeout: 30_000 });
  await expectStatus(page, damagedName, 'Failed', PROCESSING_TIMEOUT);

  await page.getByRole('navigation', { name: 'Documents sections' }).getByRole('link', { name: 'Processing queue' }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'Processing queue' })).toBeVisible();
  await expect(main).toContainText('The processing of the documents you uploaded');
  // Retrying everything that failed in the workspace is the admins' lever, not an editor's.
  await expect(main.getByRole('button', { name: 'Retry all failed' })).toHaveCount(0);

  const ingest = jobRow(page, 'Ingest', damagedName);
  await expect(ingest).toContainText('Failed');
  await expect(ingest).toContainText('This PDF is damaged and cannot be read.');
  await expect(ingest).toContainText('Not retried: it would fail the same way.');
  await expect(ingest.getByRole('cell').nth(2)).toHaveText('Attempts made: 1 of 4');
  await shot(page, '10-queue-editor');

  await ingest.getByRole('button', { name: `Retry Ingest of ${damagedName}` }).click();
  await expect(page.getByText(`Queued again: Ingest of ${damagedName}.`)).toBeVisible();
  // The new job runs (and fails the same way); the old one has nothing left to retry.
  const reprocess = jobRow(page, 'Reprocess', damagedName);
  await expect(reprocess).toContainText('Failed', { timeout: PROCESSING_TIMEOUT });
  await expect(ingest.getByRole('button', { name: /Retry/ })).toHaveCount(0);
  await expect(reprocess.getByRole('button', { name: `Retry Reprocess of ${damagedName}` })).toBeVisible();

  // On a phone the jobs are cards, with the same facts and actions.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(main.getByRole('button', { name: `Retry Reprocess of ${damagedName}` })).toBeVisible();
  await shot(page, '11-queue-editor-phone');

  // A viewer uploads nothing, so has no queue: no tab, and the page says what it needs.
  const viewer = await browser.newPage();
  await signIn(viewer, ACCOUNTS.acmeViewer);
  await openDocuments(viewer, 'acme');
  await expect(viewer.getByRole('navigation', { name: 'Documents sections' }).getByRole('link', { name: 'Processing queue' })).toHaveCount(
    0,
  );
  await viewer.goto('/t/acme/documents/jobs');
  await expect(viewer.getByRole('main')).toContainText('documents:write');
  await viewer.close();
});

test('[DOCUMENTS][QUEUE_ADMIN]: an admin sees everyone’s jobs with their attempts, and Retry all failed', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/documents/jobs');
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1, name: 'Processing queue' })).toBeVisible();
  await expect(main).toContainText('Background work on this workspace’s documents');
  await expect(main.getByRole('button', { name: 'Retry all failed' })).toBeVisible();
  await expect(jobsTable(page).getByRole('columnheader', { name: 'Attempts' })).toBeVisible();
  // Every job says how many attempts it made, of at most four (the demo's and other tests' jobs).
  await expect(jobsTable(page).getByRole('row').nth(1)).toContainText(/Attempts made: \d of 4/);
  await shot(page, '12-queue-admin');
});
