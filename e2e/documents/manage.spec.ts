import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, signIn } from '../support/auth';
import {
  documentRow,
  documentsTable,
  expectStatus,
  MIME,
  openDocuments,
  payload,
  pricePdf,
  runId,
  searchDocuments,
  shot,
  uploadFiles,
  uploadRow,
} from '../support/documents';

/**
 * Managing documents in the acme workspace: the upload's name-and-content check and what the drop
 * zone accepts, what "Restricted" means on the upload panel, search by what a file says, rename
 * and move, and bulk actions on selected documents. Names carry a run id.
 */

const PROCESSING_TIMEOUT = 90_000;

async function createCollection(page: Page, name: string, restricted = false) {
  await page.goto('/t/acme/documents/collections');
  await page.getByRole('button', { name: 'New collection' }).click();
  const form = page.getByRole('dialog', { name: 'New collection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  if (restricted) await form.getByRole('radio', { name: 'Restricted' }).check();
  await form.getByRole('button', { name: 'Create collection' }).click();
  await expect(form).toBeHidden();
}

test('[DOCUMENTS][NAME_AGREES]: a file whose name disagrees with its content is refused saying what it is; the drop zone lists what is accepted; a restricted collection makes uploads restricted', async ({
  page,
}) => {
  const id = runId();
  const restricted = `Legal ${id}`;
  await signIn(page, ACCOUNTS.acmeAdmin);
  await createCollection(page, restricted, true);
  await openDocuments(page, 'acme');
  const main = page.getByRole('main');
  await expect(main).toContainText('Accepted: PDF (.pdf), Word (.docx), PowerPoint (.pptx), HTML (.html, .htm)');
  await expect(main).toContainText('its name must end to match');

  await uploadFiles(
    page,
    [payload(`notes-${id}.exe`, MIME.txt, `Water the plants ${id}.`), payload(`scan-${id}.zip`, 'application/zip', await pricePdf(id))],
    { collection: 'General' },
  );
  await expect(uploadRow(page, `notes-${id}.exe`)).toContainText(
    'This file is plain text, but its name ends in .exe, which means a Windows program (EXE). Rename it to end in .txt and upload it again.',
  );
  await expect(uploadRow(page, `scan-${id}.zip`)).toContainText(
    'This file is a PDF document, but its name ends in .zip, which means a ZIP archive. Rename it to end in .pdf and upload it again.',
  );
  await shot(page, '20-name-disagrees');

  // Restricted means one thing: a restricted collection's files are restricted, and the box says so.
  const box = main.getByRole('checkbox', { name: 'Restricted' });
  await expect(box).not.toBeChecked();
  await expect(box).toBeEnabled();
  await main.getByLabel('Upload to collection').selectOption({ label: `${restricted} (restricted)` });
  await expect(box).toBeChecked();
  await expect(box).toBeDisabled();
  await expect(main).toContainText(`Always on in ${restricted}: it is a restricted collection`);
  await shot(page, '21-restricted-collection-upload');
  await main.getByLabel('Upload to collection').selectOption({ label: 'General' });
  await expect(box).not.toBeChecked();
  await expect(box).toBeEnabled();
});

test('[DOCUMENTS][MANAGE]: search finds a document by what it says; rename, move and tag it; select several to move and delete', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const id = runId();
  const archive = `Archive ${id}`;
  const first = `heron-${id}.txt`;
  const second = `kestrel-${id}.txt`;
  await signIn(page, ACCOUNTS.acmeAdmin);
  await createCollection(page, archive);
  await openDocuments(page, 'acme');
  await uploadFiles(
    page,
    [
      payload(first, MIME.txt, `Field notes ${id}.\n\nThe herons nest along the estuary from March to June.\n`),
      payload(second, MIME.txt, `Field notes ${id}.\n\nKestrels hover above the motorway verges.\n`),
    ],
    { collection: 'General' },
  );
  await searchDocuments(page, id);
  await expectStatus(page, first, 'Completed', PROCESSING_TIMEOUT);
  await expectStatus(page, second, 'Completed', PROCESSING_TIMEOUT);

  // Words inside the file, not in its name.
  await searchDocuments(page, 'estuary nest');
  await expect(documentRow(page, first)).toBeVisible();
  await expect(documentRow(page, second)).toHaveCount(0);

  // Rename and move from the document's page; a name of another type is refused with why.
  await documentRow(page, first).getByRole('link', { name: first }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(first);
  await main.getByRole('button', { name: 'Edit name, collection, tags' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${first}` });
  await dialog.getByLabel('Name').fill(`herons-${id}.pdf`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The name must end in .txt, .text or .log: the file is plain text');
  await dialog.getByLabel('Name').fill(`herons-${id}.txt`);
  await dialog.getByLabel('Collection').selectOption({ label: archive });
  await dialog.getByLabel('Tags').fill(`Birds, field-notes-${id}, birds`);
  await shot(page, '22-rename-move-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(`herons-${id}.txt`);
  const tags = main.getByRole('list', { name: 'Tags' });
  // "Tag: " is read to screen readers only.
  await expect(tags.getByRole('listitem')).toHaveText(['Tag: #birds', `Tag: #field-notes-${id}`]);
  // A tag lists the documents carrying it.
  await tags.getByRole('link', { name: `Tag: #field-notes-${id}` }).click();
  await expect(page).toHaveURL(/tag=field-notes-/);
  await expect(main).toContainText(`Only documents tagged #field-notes-${id}`);
  await expect(documentRow(page, `herons-${id}.txt`)).toBeVisible();
  await expect(documentRow(page, second)).toHaveCount(0);
  await page.goBack();
  // The collection's name links to its documents.
  await main.getByRole('link', { name: archive }).first().click();
  await expect(page).toHaveURL(/collection=/);
  await expect(documentRow(page, `herons-${id}.txt`)).toBeVisible();

  // Select both, move them together, then delete them together.
  await openDocuments(page, 'acme');
  await searchDocuments(page, id);
  await main.getByRole('checkbox', { name: `Select herons-${id}.txt` }).check();
  await main.getByRole('checkbox', { name: `Select ${second}` }).check();
  const selection = main.getByRole('region', { name: 'Selected documents' });
  await expect(selection).toContainText('2 selected');
  await selection.getByLabel('Move to collection').selectOption({ label: archive });
  await shot(page, '23-bulk-selected');
  await selection.getByRole('button', { name: 'Move' }).click();
  await expect(page.getByText('Moved: 2 documents.')).toBeVisible();
  await expect(documentRow(page, second)).toContainText(archive);

  await main.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await expect(selection).toContainText('2 selected');
  await selection.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 2 documents?' });
  await expect(confirm).toContainText(second);
  await confirm.getByRole('button', { name: 'Delete 2 documents' }).click();
  await expect(page.getByText('Deleted: 2 documents.')).toBeVisible();
  await expect(documentsTable(page).locator('tbody')).toContainText('No documents match these filters.');

  // On a phone the list is cards, each with its own selection box.
  await page.setViewportSize({ width: 390, height: 844 });
  await main.getByLabel('Search documents').fill('');
  await expect(main.getByRole('checkbox', { name: 'Select all on this page' })).toBeVisible();
  await expect(main.getByRole('checkbox', { name: /^Select .+\.md$/ }).first()).toBeVisible();
  await shot(page, '24-list-phone');
});

test('[DOCUMENTS][DEFAULT_COLLECTION]: the default collection for uploads is marked, cannot be deleted while it is, and can be moved', async ({
  page,
}) => {
  const id = runId();
  const inbox = `Inbox ${id}`;
  await signIn(page, ACCOUNTS.acmeAdmin);
  await createCollection(page, inbox);
  const table = page.getByRole('main').getByRole('table', { name: 'Collections of this workspace' });
  const general = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'General', exact: true }) });
  await expect(general).toContainText('Default for uploads');
  await expect(general).toContainText('The default for uploads cannot be deleted: make another collection the default first.');
  await expect(general.getByRole('button', { name: 'Delete General' })).toHaveCount(0);
  await shot(page, '25-collections-default');

  // Moving the default frees General; moving it back restores the demo as it was.
  const row = table.getByRole('row').filter({ hasText: inbox });
  await row.getByRole('button', { name: `Make ${inbox} the default for uploads` }).click();
  await expect(page.getByText(`${inbox} is now the default for uploads.`)).toBeVisible();
  await expect(row).toContainText('Default for uploads');
  await expect(general.getByRole('button', { name: 'Delete General' })).toBeVisible();
  await openDocuments(page, 'acme');
  await expect(page.getByRole('main').getByLabel('Upload to collection')).toHaveValue(/.+/);
  await expect(page.getByRole('main')).toContainText('New files go into this collection, the workspace’s default for uploads.');
  await expect(page.getByRole('main').getByLabel('Upload to collection').locator('option:checked')).toHaveText(inbox);
  await page.goto('/t/acme/documents/collections');
  await general.getByRole('button', { name: 'Make General the default for uploads' }).click();
  await expect(general).toContainText('Default for uploads');
});
