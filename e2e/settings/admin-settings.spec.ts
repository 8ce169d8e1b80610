import { expect, test } from '@playwright/test';
import { ACCOUNTS, mainNav, screenshotsIn, signIn } from '../support/auth';

const shot = screenshotsIn('test-results/screenshots/settings');

/**
 * The tenant admin's Settings page (issue 15): Test connection reports the reason a model address
 * fails, the system prompt field, the platform's limits read-only, and a warning before leaving
 * with unsaved changes. Nothing here is saved, so the demo's settings stay as seeded.
 */
test('[SETTINGS][TEST_CONNECTION]: the admin tests a model address without saving it and reads why it failed', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeAdmin);
  await mainNav(page).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  // The platform's limits are facts here, not fields.
  const platform = page.getByRole('region', { name: 'Set by the platform' });
  await expect(platform).toContainText('Maximum file size');
  await expect(platform.getByRole('list', { name: 'Allowed file types' })).toContainText('PDF');
  await expect(platform.getByRole('textbox')).toHaveCount(0);

  const llm = page.getByRole('form', { name: 'Language model' });
  await llm.getByRole('radio', { name: /OpenAI-compatible/ }).check();
  await llm.getByLabel('Base URL').fill('http://169.254.169.254/v1');
  await llm.getByLabel('Model name', { exact: true }).fill('gpt-4o-mini');
  await llm.getByRole('button', { name: 'Test connection' }).click();
  await expect(llm.getByText('The test failed.')).toBeVisible();
  await expect(llm.getByText(/169\.254\.169\.254/).first()).toBeVisible();
  await llm.getByLabel('System prompt (optional)').fill('Answer briefly, in British English.');
  await shot(page, 'settings-test-connection-laptop');
  await llm.screenshot({ path: 'test-results/screenshots/settings/settings-llm-card-laptop.png' });

  // Unsaved: following a link asks first; staying keeps what was typed.
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await mainNav(page).getByRole('link', { name: 'Documents' }).click();
  expect(asked).toContain('unsaved changes');
  await expect(page).toHaveURL(/\/t\/acme\/settings$/);
  await expect(page.getByLabel('System prompt (optional)')).toHaveValue('Answer briefly, in British English.');
  page.once('dialog', (dialog) => void dialog.accept());
  await mainNav(page).getByRole('link', { name: 'Documents' }).click();
  await expect(page).toHaveURL(/\/t\/acme\/documents$/);
});

test('[SETTINGS][SCREENS]: the settings page on a phone, dark', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/settings');
  await expect(page.getByRole('region', { name: 'Set by the platform' })).toContainText('50 MB');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'settings-phone-dark');
  await page
    .getByRole('region', { name: 'Set by the platform' })
    .screenshot({ path: 'test-results/screenshots/settings/platform-card-phone-dark.png' });
  await page
    .getByRole('form', { name: 'Language model' })
    .screenshot({ path: 'test-results/screenshots/settings/llm-card-phone-dark.png' });
});
