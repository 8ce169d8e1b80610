import { expect, test } from '@playwright/test';
import { ACCOUNTS, mainNav, signIn } from '../support/auth';
import { dialog, shot, uniqueRun } from '../support/admin';

/**
 * The superadmin's usage pages (issue 11): usage across tenants, the price table, and a tenant's
 * quotas in matching units. Runs on its own tenant so the demo tenants' limits stay as they are.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const MODEL = `e2e-model-${run.id}`;

test('[USAGE][PLATFORM]: the superadmin reads usage across tenants over a range, sorted by cost', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await mainNav(page).getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Usage across tenants' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Usage per tenant, last 30 days' });
  await expect(table.getByRole('link').first()).toBeVisible();
  await page.getByLabel('Range').selectOption({ label: 'Last 90 days' });
  await expect(page.getByRole('table', { name: 'Usage per tenant, last 90 days' })).toBeVisible();
  await expect(page).toHaveURL(/days=90/);
  await page.getByRole('button', { name: 'Cost' }).click();
  await expect(page).toHaveURL(/sort=cost/);
  await shot(page, '40-usage-across-tenants');
});

test('[PRICES][ADD]: the superadmin adds a price, after a pattern the console refuses with a clear message', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await mainNav(page).getByRole('link', { name: 'Prices' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Model prices' })).toBeVisible();
  await page.getByRole('button', { name: 'Add price' }).first().click();
  const form = dialog(page, 'Add a price');
  await form.getByLabel('Model', { exact: true }).fill(`${MODEL} v2`);
  await form.getByLabel('Input (USD / 1M)', { exact: true }).fill('2.5');
  await form.getByLabel('Output (USD / 1M)', { exact: true }).fill('10.1234567');
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByText('Use letters, digits and . _ : / - in the model pattern, and * for "anything".')).toBeVisible();
  await expect(form.getByText('The output price can have at most 6 decimals.')).toBeVisible();
  await shot(page, '41-price-refused');

  await form.getByLabel('Model', { exact: true }).fill(`${MODEL}*`);
  await form.getByLabel('Output (USD / 1M)', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form).toBeHidden();
  const row = page
    .getByRole('table', { name: 'Model prices' })
    .getByRole('row')
    .filter({ hasText: `${MODEL}*` });
  await expect(row).toContainText('Platform');
  await expect(row).toContainText('$2.5');
  await expect(row).toContainText('$10');
  // In effect at once, so it is history: no Delete.
  await expect(row.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await shot(page, '42-prices');
});

test('[QUOTAS][UNITS]: the superadmin sets a tenant’s storage in GB and a per-user token limit', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await form.getByLabel('Name', { exact: true }).fill(run.tenantName);
  await form.getByLabel('Slug').fill(run.slug);
  await form.getByLabel('First admin email').fill(`admin-${run.id}@e2e.test`);
  await form.getByRole('button', { name: 'Create tenant' }).click();
  const created = dialog(page, 'Tenant created');
  await created.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('table', { name: 'Tenants' }).getByRole('link', { name: run.tenantName }).click();
  await expect(page.getByRole('heading', { level: 1, name: run.tenantName })).toBeVisible();

  // The new tenant's defaults, in matching units: 5 GB, 2,000,000 tokens.
  await expect(page.getByLabel('Storage', { exact: true })).toHaveValue('5');
  await expect(page.getByLabel('Storage unit')).toHaveValue('GB');
  await expect(page.getByLabel('Tokens per day', { exact: true })).toHaveValue('2,000,000');
  await expect(page.getByLabel('Tokens per user per day')).toHaveAttribute('placeholder', 'No limit');
  await expect(page.getByText('An empty field means no limit.')).toBeVisible();

  await page.getByLabel('Storage', { exact: true }).fill('1.5');
  await page.getByLabel('Tokens per user per day').fill('250000');
  await page.getByLabel('Tokens per user per day').blur();
  await expect(page.getByLabel('Tokens per user per day')).toHaveValue('250,000');
  await page.getByLabel('Cost cap per month (USD)').fill('99.5');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Storage', { exact: true })).toHaveValue('1.5');
  await expect(page.getByLabel('Storage unit')).toHaveValue('GB');
  await expect(page.getByLabel('Tokens per user per day')).toHaveValue('250,000');
  await expect(page.getByLabel('Cost cap per month (USD)')).toHaveValue('99.50');

  // 512 MB is shown back in MB.
  await page.getByLabel('Storage', { exact: true }).fill('512');
  await page.getByLabel('Storage unit').selectOption('MB');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.').first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Storage', { exact: true })).toHaveValue('512');
  await expect(page.getByLabel('Storage unit')).toHaveValue('MB');
  await page.getByRole('heading', { name: 'Plan, quotas and settings' }).scrollIntoViewIfNeeded();
  await shot(page, '43-tenant-quotas');
});
