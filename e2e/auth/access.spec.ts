import { expect, test } from '@playwright/test';
import { ACCOUNTS, SCREENSHOT_DIR, signIn } from '../support/auth';

test('[AUTH][ACCESS]: a signed-out visit to a tenant page redirects to sign in', async ({ page }) => {
  await page.goto('/t/acme/documents');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console' })).toBeVisible();
  await expect(page.getByLabel('Workspace')).toBeVisible();
});

test('[AUTH][ACCESS]: admin of acme opening a globex page sees "Page not found"', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeAdmin);
  const response = await page.goto('/t/globex/documents');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByText('Globex Industries')).toHaveCount(0);

  // The superadmin console is not theirs either.
  await page.goto('/admin/tenants');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  // "Go to your console" leads back to their own workspace.
  await page.getByRole('link', { name: 'Go to your console' }).click();
  await expect(page).toHaveURL(ACCOUNTS.acmeAdmin.landing);
});

test('[AUTH][ACCESS]: an editor opening a section outside their role is told they lack access', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeEditor);
  await page.goto('/t/acme/users');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('You don’t have access to Users & roles');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/access-denied.png`, fullPage: true });
});
