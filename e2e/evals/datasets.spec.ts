import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { dialog, uniqueRun } from '../support/admin';
import { ACCOUNTS, SCREENSHOT_DIR, screenshotsIn, signIn } from '../support/auth';
import { ask, startChat, trpcMutation, uploadAndWait } from '../support/chat';

const shot = screenshotsIn(`${SCREENSHOT_DIR}/evals`);

const csvFile = (name: string, content: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });

/** The visible cases table (laptop width) of the open dataset. */
function casesTable(page: Page) {
  return page.getByRole('table', { name: /^Cases of / });
}

test.describe('evaluation datasets', () => {
  test('[EVALS][DATASETS]: a dataset with cases, an import with a row error, an export, and a thumbs-down added from the chat', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const { id } = uniqueRun();
    const datasetName = `Leave policy ${id}`;
    const docName = `leave-policy-${id}.txt`;
    await signIn(page, ACCOUNTS.acmeAdmin);
    const collection = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: `HR ${id}`,
      description: '',
      visibility: 'tenant',
    });
    await uploadAndWait(page, {
      collectionId: collection.id,
      name: docName,
      mimeType: 'text/plain',
      buffer: Buffer.from(`Leave policy ${id}. Every employee gets 25 days of paid leave per year. Unused days expire in March.`),
    });

    // The section opens on its runs; the Datasets tab leads to the datasets, marked current.
    await page.goto('/t/acme/evaluations');
    const tabs = page.getByRole('navigation', { name: 'Evaluations sections' });
    await expect(tabs.getByRole('link', { name: 'Runs' })).toHaveAttribute('aria-current', 'page');
    await tabs.getByRole('link', { name: 'Datasets' }).click();
    await expect(page).toHaveURL(/\/t\/acme\/evaluations\/datasets$/);
    await expect(tabs.getByRole('link', { name: 'Datasets' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: 'Evaluation datasets' })).toBeVisible();
    // On a fresh database: the empty state that explains what a dataset is.
    await shot(page, 'datasets-laptop');

    // A new dataset: the name is required, said at the field.
    await page.getByRole('button', { name: /^(New dataset|Create a dataset)$/ }).click();
    const create = dialog(page, 'New dataset');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await expect(create.getByText('The name is required.')).toBeVisible();
    await expect(create.getByLabel('Name')).toBeFocused();
    await create.getByLabel('Name').fill(datasetName);
    await create.getByLabel('Description (optional)').fill('Questions about leave, from the HR handbook.');
    await create.getByRole('button', { name: 'Create dataset' }).click();
    await expect(page.getByRole('heading', { level: 1, name: datasetName })).toBeVisible();
    await expect(page.getByText('v1', { exact: true })).toBeVisible();
    await expect(page.getByText('0 cases', { exact: true })).toBeVisible();

    // A case with a key fact and a gold document at a page; a backwards range is refused first.
    await page.getByRole('button', { name: 'Add case' }).click();
    const addCase = dialog(page, 'Add a case');
    await addCase.getByLabel('Question').fill('How many days of paid leave do employees get?');
    await addCase.getByLabel('Reference answer (optional)').fill('Every employee gets 25 days of paid leave per year.');
    await addCase.getByLabel('New key fact').fill('25 days');
    await addCase.getByLabel('New key fact').press('Enter');
    await expect(addCase.getByRole('list', { name: 'Key facts' }).getByText('25 days')).toBeVisible();
    await addCase.getByLabel('Find a document').fill(`leave-policy-${id}`);
    await addCase.getByRole('button', { name: `Add ${docName}` }).click();
    const pages = addCase.getByLabel(`Pages of ${docName} (optional)`);
    await pages.fill('2-1');
    await addCase.getByRole('button', { name: 'Add case' }).click();
    await expect(addCase.getByText('The range 2-1 runs backwards; write it as 1-2.')).toBeVisible();
    await pages.fill('1');
    await shot(page, 'case-dialog-laptop');
    await addCase.getByRole('button', { name: 'Add case' }).click();
    await expect(page.getByText('Case added. The dataset is now v2.')).toBeVisible();
    await expect(addCase).toHaveCount(0);
    const firstRow = casesTable(page).getByRole('row').filter({ hasText: 'How many days of paid leave' });
    await expect(firstRow.getByRole('list', { name: 'Key facts' })).toHaveText('25 days');
    await expect(firstRow.getByRole('link', { name: docName })).toBeVisible();
    await expect(firstRow.getByText('p. 1')).toBeVisible();
    await expect(page.getByText('v2', { exact: true })).toBeVisible();

    // Import: a file with a wrong row imports nothing and names the row; a good one adds both cases.
    await page.getByRole('button', { name: 'Import' }).click();
    const importer = dialog(page, 'Import cases');
    await importer
      .getByLabel('CSV or JSONL file')
      .setInputFiles(csvFile('bad.csv', 'question,expected_answer\n"When do unused days expire?",In March\n,No question here\n'));
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importer.getByRole('alert')).toContainText('Nothing was imported');
    await expect(importer.getByRole('alert')).toContainText('Row 3: question: The question is required.');
    await shot(page, 'import-row-error');
    await importer.getByLabel('CSV or JSONL file').setInputFiles(csvFile('big.csv', `question\n${'a'.repeat(1024 * 1024 + 10)}\n`));
    await expect(importer.getByText(/^big\.csv is larger than 1 MB \(.+\); split it into several imports\.$/)).toBeVisible();
    await importer
      .getByLabel('CSV or JSONL file')
      .setInputFiles(
        csvFile(
          'good.csv',
          'question,expected_answer,key_facts\n"When do unused days expire?",In March,March\n"Who gets paid leave?",Every employee,"every employee\n25 days"\n',
        ),
      );
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Imported 2 cases. The dataset is now v3.')).toBeVisible();
    await expect(casesTable(page).getByRole('row')).toHaveCount(4);
    await expect(page.getByText('3 cases', { exact: true })).toBeVisible();

    // Export: the file is named after the dataset and version and holds the cases.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`leave-policy-${id}-v3.csv`);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain('question,expected_answer,key_facts,documents');
    expect(exported).toContain('When do unused days expire?');
    await shot(page, 'dataset-laptop');

    // In the chat: a thumbs-down answer goes into the dataset.
    await page.goto('/t/acme/chat');
    await startChat(page, `HR ${id}`);
    const answer = await ask(page, `How many days of leave do employees get under leave policy ${id}?`);
    await answer.getByRole('button', { name: 'Unhelpful answer' }).click();
    await expect(answer.getByRole('button', { name: 'Unhelpful answer' })).toHaveAttribute('aria-pressed', 'true');
    await answer.getByRole('button', { name: 'Add to evaluation dataset' }).click();
    const adding = dialog(page, 'Add to an evaluation dataset');
    await adding.getByLabel('Dataset').selectOption({ label: `${datasetName} (v3)` });
    await adding.getByRole('button', { name: 'Add to dataset' }).click();
    await expect(adding.getByRole('status')).toHaveText(`Added to ${datasetName} (v4).`);
    await shot(page, 'chat-added-to-dataset');
    await adding.getByRole('link', { name: datasetName }).click();

    await expect(page.getByRole('heading', { level: 1, name: datasetName })).toBeVisible();
    const fromChat = casesTable(page)
      .getByRole('row')
      .filter({ hasText: `under leave policy ${id}` });
    await expect(fromChat.getByText('From feedback')).toBeVisible();
    await expect(page.getByText('v4', { exact: true })).toBeVisible();
    await fromChat.getByRole('button', { name: /^Edit case/ }).click();
    const editCase = dialog(page, 'Edit case');
    await expect(editCase.getByRole('heading', { name: /The answer that was rated thumbs-down/ })).toBeVisible();
    await shot(page, 'feedback-case-dialog');
    await editCase.getByRole('button', { name: 'Cancel' }).click();

    // The Feedback tab lists the answer with the dataset that holds it.
    await tabs.getByRole('link', { name: 'Feedback' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your thumbs-down answers' })).toBeVisible();
    const rated = page
      .getByRole('table', { name: 'Answers you rated thumbs-down, newest first' })
      .getByRole('row')
      .filter({ hasText: `under leave policy ${id}` });
    await expect(rated.getByRole('link', { name: datasetName })).toBeVisible();
    await shot(page, 'feedback-laptop');

    // Dark mode and phone width.
    await rated.getByRole('link', { name: datasetName }).click();
    await expect(page.getByRole('heading', { level: 1, name: datasetName })).toBeVisible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveClass(/dark/);
    await shot(page, 'dataset-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('list', { name: /^Cases of / })).toBeVisible();
    await shot(page, 'dataset-phone');
    await page.getByRole('button', { name: 'Add case' }).click();
    await expect(dialog(page, 'Add a case')).toBeVisible();
    await shot(page, 'case-dialog-phone');
    await dialog(page, 'Add a case').getByRole('button', { name: 'Cancel' }).click();
    await tabs.getByRole('link', { name: 'Datasets' }).click();
    await expect(page.getByRole('list', { name: 'Evaluation datasets' })).toBeVisible();
    await shot(page, 'datasets-phone');
    await tabs.getByRole('link', { name: 'Feedback' }).click();
    await expect(page.getByRole('list', { name: 'Answers you rated thumbs-down, newest first' })).toBeVisible();
    await shot(page, 'feedback-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Deleting the dataset says its runs go with it.
    await page.goto('/t/acme/evaluations/datasets');
    await page.getByLabel('Search datasets').fill(id);
    await expect(page).toHaveURL(new RegExp(`\\?q=${id}$`));
    await page.getByRole('link', { name: datasetName }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = dialog(page, `Delete ${datasetName}?`);
    await expect(confirm).toContainText('every evaluation run made on it are deleted');
    await confirm.getByRole('button', { name: 'Delete dataset' }).click();
    await expect(page).toHaveURL(/\/t\/acme\/evaluations\/datasets$/);
    await expect(page.getByText(`${datasetName} was deleted.`)).toBeVisible();
  });
});
