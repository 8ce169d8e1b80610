import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, SCREENSHOT_DIR, screenshotsIn } from '../support/auth';
import { trpcMutation, trpcQuery, uploadAndWait } from '../support/chat';

/**
 * The evaluation runs' story as a tenant admin would try it: run a dataset, read the run page,
 * approve it as the baseline, change a retrieval setting, run again and compare, export a report.
 * Globex's admin: the chat specs use Acme, so changing Globex's top k does not disturb them.
 */
const RUN = Date.now().toString(36);
const ACCOUNT = ACCOUNTS.globexAdmin;
const SLUG = ACCOUNT.workspace;
const shot = screenshotsIn(`${SCREENSHOT_DIR}/evals`);
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
test.describe.configure({ mode: 'serial' });

/** Two documents with distinct, made-up facts: one answer needs both. */
const ZORB = `zorblax${RUN}`;
const HISTORY = [
  `The ${ZORB} company was founded in Tallinn in 1987 by Maren Okafor.`,
  `Its first product was a brass weather vane sold to lighthouses along the Baltic coast.`,
  `The head office of ${ZORB} moved to Tartu in 2004.`,
].join('\n\n');
const WARRANTY = [
  `Every ${ZORB} weather vane carries a warranty of seven years from the day of purchase.`,
  `Repairs under the warranty are free of charge, shipping included.`,
  `The warranty does not cover damage caused by lightning.`,
].join('\n\n');

type LlmSettings = {
  providerType: 'local' | 'openai-compatible';
  baseUrl: string | null;
  modelName: string;
  temperature: number;
  maxTokens: number;
  retrieval: { topK: number; candidates: number; vectorWeight: number; textWeight: number; rrfK: number };
};

async function setTopK(page: Page, settings: LlmSettings, topK: number) {
  const { providerType, baseUrl, modelName, temperature, maxTokens, retrieval } = settings;
  await trpcMutation(page, 'settings.updateLlm', {
    providerType,
    baseUrl,
    modelName,
    temperature,
    maxTokens,
    retrieval: { ...retrieval, topK },
  });
}

/** Starts a run of the dataset from the runs page and waits on its page until it has finished. */
async function startRun(page: Page, datasetName: string, name: string, dialogShot?: string): Promise<string> {
  await page.goto(`/t/${SLUG}/evaluations`);
  await expect(page.getByRole('heading', { level: 1, name: 'Evaluation runs' })).toBeVisible();
  await page.getByRole('button', { name: 'New run' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New run' });
  const dataset = dialog.getByLabel('Dataset');
  await expect(dataset.locator('option', { hasText: datasetName })).toHaveCount(1);
  await dataset.selectOption({ label: `${datasetName} (3 cases)` });
  await expect(dialog.getByText(/Version \d+, 3 cases/)).toBeVisible();
  await dialog.getByLabel('Name (optional)').fill(name);
  if (dialogShot) await shot(page, dialogShot);
  await dialog.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/evaluations\/runs\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  // Live: the progress (or already the result) shows without a reload.
  await expect(
    page
      .getByRole('progressbar', { name: 'Run progress' })
      .or(page.locator('header').getByText('Completed', { exact: true }))
      .first(),
  ).toBeVisible();
  await expect(page.locator('header').getByText('Completed', { exact: true })).toBeVisible({ timeout: 180_000 });
  return page.url().split('/').pop()!;
}

test.describe('evaluation runs', () => {
  let datasetName: string;
  let original: LlmSettings;

  test.beforeAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page, ACCOUNT);
    original = await trpcQuery<LlmSettings>(page, 'settings.getLlm', undefined);
    const collection = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: `Evals ${RUN}`,
      description: '',
      visibility: 'tenant',
    });
    const history = await uploadAndWait(page, {
      collectionId: collection.id,
      name: `history-${RUN}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(HISTORY),
    });
    const warranty = await uploadAndWait(page, {
      collectionId: collection.id,
      name: `warranty-${RUN}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(WARRANTY),
    });
    datasetName = `Runs e2e ${RUN}`;
    const dataset = await trpcMutation<{ id: string }>(page, 'evalDatasets.create', {
      name: datasetName,
      description: 'Made by e2e/evals/runs.spec.ts',
    });
    const cases = [
      { question: `In which city was ${ZORB} founded?`, keyFacts: ['Tallinn'], documents: [{ documentId: history }] },
      { question: `How long is the warranty of a ${ZORB} weather vane?`, keyFacts: ['seven years'], documents: [{ documentId: warranty }] },
      {
        question: `Who founded ${ZORB}, and how long is the warranty of its weather vanes?`,
        keyFacts: ['Maren Okafor', 'seven years'],
        documents: [{ documentId: history }, { documentId: warranty }],
      },
    ];
    for (const c of cases) await trpcMutation(page, 'evalDatasets.createCase', { datasetId: dataset.id, expectedAnswer: null, ...c });
    await page.close();
  });

  test.afterAll(async ({ browser }) => {
    if (!original) return;
    const page = await browser.newPage();
    await signIn(page, ACCOUNT);
    await setTopK(page, original, original.retrieval.topK);
    await page.close();
  });

  test('[EVALS][RUN]: a run is started from the page, shows its progress, then its figures, failures and cases; it is approved as the baseline', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await signIn(page, ACCOUNT);
    const runId = await startRun(page, datasetName, `baseline ${RUN}`);

    // The figures, each with its formula beside it.
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByText('Hit@k', { exact: true })).toBeVisible();
    await expect(results.getByText(/hit@k = 1 when at least one gold document/)).toBeVisible();
    await expect(results.getByRole('img', { name: /^Distribution of Hit@k over 3 cases/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'What produced this run' })).toContainText('passages per answer');

    // A case opens in place: its answer, passages in rank order (gold marked), key facts and metrics.
    const cases = page.getByRole('list', { name: 'Cases' });
    await expect(cases.getByRole('listitem')).toHaveCount(3);
    const first = cases.getByRole('button', { name: new RegExp(`In which city was ${ZORB} founded`) });
    await first.click();
    await expect(first).toHaveAttribute('aria-expanded', 'true');
    const panel = page.locator(`#${await first.getAttribute('aria-controls')}`);
    await expect(panel.getByRole('heading', { name: 'Retrieved passages, in rank order' })).toBeVisible();
    await expect(panel.getByText('Gold', { exact: true }).first()).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Key facts' })).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'This case’s metrics' })).toBeVisible();
    await page.setViewportSize(LAPTOP);
    await shot(page, 'run-laptop');
    await page.setViewportSize(PHONE);
    await shot(page, 'run-phone');
    await page.setViewportSize(LAPTOP);

    // "Failing only" narrows the list to failing cases (or says there is none).
    await page.getByRole('checkbox', { name: 'Failing only' }).check();
    await expect(cases.or(page.getByText('No failing case.'))).toBeVisible();
    await expect(cases.getByRole('listitem').filter({ has: page.getByText('Passing', { exact: true }) })).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Failing only' }).uncheck();

    // Approved, it is the dataset's baseline: there is nothing to compare it with.
    await page.getByRole('button', { name: 'Approve as baseline' }).click();
    const approve = page.getByRole('dialog', { name: /Approve .* as the baseline\?/ });
    await approve.getByRole('button', { name: 'Approve as baseline' }).click();
    await expect(approve).toHaveCount(0);
    await expect(page.locator('header').getByText('Baseline', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Compare with baseline' })).toBeDisabled();
    await expect(page.getByText('This run is the baseline.')).toBeVisible();

    // The list shows it, with its key figures and the baseline badge.
    await page.goto(`/t/${SLUG}/evaluations`);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `baseline ${RUN}` }) });
    await expect(row).toContainText('Completed');
    await expect(row).toContainText('Baseline');
    await expect(row).toContainText('Hit@k');
    await shot(page, 'runs-list-laptop');
    await page.setViewportSize(PHONE);
    await shot(page, 'runs-list-phone');
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('[EVALS][COMPARE]: after top k goes to 1, a second run is compared with the baseline, metric by metric and case by case', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await signIn(page, ACCOUNT);
    await setTopK(page, original, 1);
    await startRun(page, datasetName, `top k 1 ${RUN}`, 'new-run-dialog');

    await page.getByRole('link', { name: 'Compare with baseline' }).click();
    await expect(page).toHaveURL(/\/evaluations\/compare\?baseline=[0-9a-f-]{36}&candidate=[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Compare runs' })).toBeVisible();
    const changes = page.getByRole('region', { name: 'What changed' });
    await expect(changes).toContainText('Passages per answer (top k)');
    await expect(changes).toContainText(new RegExp(`${original.retrieval.topK} →\\s*(changed to)?\\s*1\\b`));

    const metrics = page.getByRole('table', { name: 'Metrics, baseline against candidate' });
    await expect(metrics.getByRole('row', { name: /Recall@k/ })).toContainText(/Better|Worse|No significant difference/);
    await expect(metrics.getByRole('row', { name: /Recall@k/ })).toContainText(/ to /);

    const filters = page.getByRole('group', { name: 'Show cases' });
    await expect(filters.getByRole('button', { name: /^Newly failing/ })).toBeVisible();
    await expect(filters.getByRole('button', { name: /^Newly passing/ })).toBeVisible();
    await filters.getByRole('button', { name: /^All cases/ }).click();
    await expect(filters.getByRole('button', { name: /^All cases/ })).toHaveAttribute('aria-pressed', 'true');
    const compared = page.getByRole('list', { name: 'Compared cases' });
    await expect(compared.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) })).toHaveCount(3);
    await expect(compared.getByRole('heading', { name: 'Baseline' }).first()).toBeVisible();
    await expect(compared.getByRole('heading', { name: 'Candidate' }).first()).toBeVisible();
    await page.setViewportSize(LAPTOP);
    await shot(page, 'compare-laptop');
    await page.setViewportSize(PHONE);
    await shot(page, 'compare-phone');
    await page.setViewportSize(LAPTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'compare-laptop-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('[EVALS][EXPORT]: a run is exported as an HTML report, downloaded and opened inline', async ({ page }) => {
    await signIn(page, ACCOUNT);
    await page.goto(`/t/${SLUG}/evaluations`);
    await page.getByRole('link', { name: `top k 1 ${RUN}` }).click();
    await expect(page.getByRole('heading', { level: 1, name: `top k 1 ${RUN}` })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HTML report' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.html$/);
    const stored = page.getByRole('list', { name: 'Stored reports' }).getByRole('listitem');
    await expect(stored).toHaveCount(1);
    const open = page.getByRole('link', { name: /^Open report/ });
    const href = await open.getAttribute('href');
    expect(href).toMatch(/^\/api\/evaluations\/reports\/[0-9a-f-]{36}\?inline=1$/);
    const inline = await page.request.get(href!);
    expect(inline.status()).toBe(200);
    expect(inline.headers()['content-type']).toMatch(/^text\/html/);
    expect(await inline.text()).toContain(`top k 1 ${RUN}`);
    const attachment = await page.request.get(href!.replace('?inline=1', ''));
    expect(attachment.status()).toBe(200);
    expect(attachment.headers()['content-type']).toMatch(/^text\/html/);
  });
});
