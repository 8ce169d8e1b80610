import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, mainNav, SCREENSHOT_DIR, signIn } from '../support/auth';

const shot = async (page: Page, name: string) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOT_DIR}/overview/${name}.png`, fullPage: true });
};

async function expectQuotaCards(page: Page) {
  const quotas = page.getByRole('region', { name: 'Usage against quotas' });
  // The demo workspace starts with daily token, upload and storage limits: each has a labelled bar.
  for (const name of ['Tokens today', 'Uploads today', 'Storage']) {
    const bar = quotas.getByRole('progressbar', { name });
    await expect(bar).toHaveAttribute('aria-valuemin', '0');
    await expect(bar).toHaveAttribute('aria-valuemax', '100');
    await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
  }
  await expect(quotas.getByRole('listitem').filter({ hasText: 'Tokens today' })).toContainText(/Resets \d+ \w+ \d{4}, 00:00 UTC/);
  await expect(quotas.getByRole('listitem').filter({ hasText: 'Cost this month' })).toContainText('No limit');
  await expect(quotas.getByRole('listitem').filter({ hasText: 'Requests per minute' })).toContainText('600 a minute');
}

test('[OVERVIEW]: the admin lands on the workspace overview and sees the quotas, documents and recent activity', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeAdmin);
  await expect(mainNav(page).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expectQuotaCards(page);
  const docs = page.getByRole('region', { name: 'Documents' });
  await expect(docs.getByRole('term')).toHaveText(['Processing', 'Failed', 'Completed', 'Total']);
  // Signing in is audited, so the admin's own sign-in is among the latest entries.
  await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Needs attention' })).toBeVisible();
  await shot(page, 'light');

  // The way to the documents list filtered by failures is a link with that filter in its address.
  await page.goto('/t/acme/documents?status=failed');
  await expect(page.getByRole('heading', { level: 1, name: 'Documents' })).toBeVisible();
});

test('[OVERVIEW]: editors keep landing on their documents and cannot open the overview', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeEditor);
  await expect(mainNav(page).getByRole('link', { name: 'Overview' })).toHaveCount(0);
  await page.goto('/t/acme/overview');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('You don’t have access to the workspace overview');
});

test('[OVERVIEW]: dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const account = ACCOUNTS.globexAdmin;
  await signIn(page, account);
  await page.getByRole('button', { name: `Account menu for ${account.name}` }).click();
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await page.keyboard.press('Escape');
  await expectQuotaCards(page);
  await shot(page, 'dark');
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('[OVERVIEW]: on a phone the cards stack and stay readable', async ({ page }) => {
    await signIn(page, ACCOUNTS.acmeAdmin);
    await expectQuotaCards(page);
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone');
  });
});
