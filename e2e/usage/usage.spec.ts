import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { makeTextPdf } from '../../test/samples/generate';
import { ACCOUNTS, mainNav, signIn, SCREENSHOT_DIR, screenshotsIn } from '../support/auth';
import { ask, startChat, trpcMutation, uploadAndWait } from '../support/chat';

const RUN = Date.now().toString(36);
const SHOTS = `${SCREENSHOT_DIR}/usage`;
test.describe.configure({ mode: 'serial' });

const shot = screenshotsIn(SHOTS);

/** A summary figure ("Tokens", "Requests") as a number. */
async function figure(page: Page, label: string): Promise<number> {
  const tile = page.locator('dl > div').filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) });
  await expect(tile).toHaveCount(1);
  return Number((await tile.locator('dd').first().innerText()).replace(/[^\d]/g, ''));
}

test.describe('usage page', () => {
  test.beforeAll(async ({ browser }) => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await browser.newPage();
    await signIn(page, ACCOUNTS.acmeAdmin);
    const collection = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: `Usage ${RUN}`,
      description: '',
      visibility: 'tenant',
    });
    await uploadAndWait(page, {
      collectionId: collection.id,
      name: `usage-price-list-${RUN}.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from(await makeTextPdf()),
    });
    await page.goto('/t/acme/chat');
    await startChat(page);
    await ask(page, 'What is the Enterprise plan priced at?');
    await page.close();
  });

  test('an admin sees non-zero charts after a question and an upload, switches range and exports CSV', async ({ page }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await mainNav(page).getByRole('link', { name: 'Usage' }).click();
    await expect(page).toHaveURL(/\/t\/acme\/usage$/);
    await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
    expect(await figure(page, 'Tokens')).toBeGreaterThan(0);
    expect(await figure(page, 'Requests')).toBeGreaterThan(0);
    expect(await figure(page, 'Ingestions')).toBeGreaterThan(0);

    const tokens = page.getByRole('region', { name: 'Tokens per day by model' });
    await expect(tokens.getByText('Days start at midnight UTC')).toBeVisible();
    await expect(tokens.getByRole('img', { name: /^[\d,]+ tokens over 30 days/ })).toBeVisible();
    await expect(tokens.locator('.recharts-bar-rectangle').first()).toBeVisible();
    for (const title of ['Requests per day', 'Cost per day', 'Ingestions per day', 'Storage over time']) {
      await expect(page.getByRole('region', { name: title }).getByText('Days start at midnight UTC')).toBeVisible();
    }
    await tokens.getByRole('button', { name: 'Show as table' }).click();
    await expect(tokens.getByRole('table', { name: 'Tokens per day by model' }).getByRole('row')).toHaveCount(31);
    await tokens.getByRole('button', { name: 'Show as chart' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Burn rate' })).toBeVisible();
    await expect(page.getByRole('table', { name: /Quotas/ })).toContainText('Tokens per day');
    await expect(page.getByRole('table', { name: 'Usage by user' })).toContainText('admin@acme.test');

    await page.getByLabel('Range', { exact: true }).selectOption('7d');
    await expect(page).toHaveURL(/range=7d/);
    await expect(page.getByText(/\(7 days\)\. Days start at midnight UTC/)).toBeVisible();
    await expect(tokens.getByRole('img', { name: /tokens over 7 days/ })).toBeVisible();
    expect(await figure(page, 'Tokens')).toBeGreaterThan(0);

    await page.getByLabel('Group by', { exact: true }).selectOption('kind');
    await expect(page.getByRole('table', { name: 'Usage by kind' })).toContainText('Chat');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^usage-acme-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const chat = rows.filter((r) => r.kind === 'chat' && r.user_email === 'admin@acme.test');
    expect(chat.length).toBeGreaterThan(0);
    expect(chat.reduce((s, r) => s + Number(r.tokens_in) + Number(r.tokens_out), 0)).toBeGreaterThan(0);
    expect(rows.some((r) => r.kind === 'ingestion' && Number(r.ingestions) > 0)).toBe(true);

    await page.getByLabel('Range', { exact: true }).selectOption('30d');
    await expect(tokens.getByRole('img', { name: /tokens over 30 days/ })).toBeVisible();
    await shot(page, 'usage-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveClass(/dark/);
    await shot(page, 'usage-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('list', { name: 'Usage by kind' })).toBeVisible();
    await shot(page, 'usage-phone');
  });
});
