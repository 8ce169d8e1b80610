import { expect, test } from '@playwright/test';
import { ACCOUNTS, SCREENSHOT_DIR, screenshotsIn, signIn } from '../support/auth';

/**
 * The reranking choice in the Retrieval settings: chosen with the keyboard, saved, still there
 * after a reload, and set back to off (the demo workspace is shared with other specs).
 */
const shot = screenshotsIn(`${SCREENSHOT_DIR}/settings`);

test('[SETTINGS][RERANK]: the admin turns reranking on in the retrieval settings and off again', async ({ page }) => {
  await signIn(page, ACCOUNTS.globexAdmin);
  await page.goto('/t/globex/settings');
  const rerank = page.getByLabel('Reranking');
  await expect(rerank).toHaveValue('off', { timeout: 30_000 });
  await rerank.focus();
  await rerank.selectOption('mix');
  await page.getByRole('button', { name: 'Save retrieval settings' }).click();
  await expect(page.getByText('Retrieval settings saved.')).toBeVisible();
  await shot(page, 'rerank-mix');
  await page.reload();
  await expect(page.getByLabel('Reranking')).toHaveValue('mix', { timeout: 30_000 });
  // Without a language model, choosing the model says what happens instead.
  await page.getByLabel('Reranking').selectOption('model');
  await expect(page.getByText('No language model is set up, so the score mix is used instead.')).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'rerank-phone');
  await page.getByLabel('Reranking').selectOption('off');
  await page.getByRole('button', { name: 'Save retrieval settings' }).click();
  await expect(page.getByText('Retrieval settings saved.')).toBeVisible();
});
