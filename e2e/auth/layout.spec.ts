import { expect, test } from '@playwright/test';
import { ACCOUNTS, mainNav, SCREENSHOT_DIR, signIn } from '../support/auth';

test('[AUTH][LAYOUT]: the sign-in page renders its form', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'AgenticOmni Console' })).toBeVisible();
  await expect(page.getByLabel('Workspace')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-in.png`, fullPage: true });
});

test.describe('system dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('[AUTH][LAYOUT]: the sign-in page follows a dark system theme', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await expect(page.getByLabel('Workspace')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dark-sign-in.png`, fullPage: true });
  });
});

test.describe('phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('[AUTH][LAYOUT]: on a phone the navigation opens from the menu button', async ({ page }) => {
    await page.goto('/sign-in');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-sign-in.png`, fullPage: true });

    const account = ACCOUNTS.acmeViewer;
    await signIn(page, account);
    await expect(mainNav(page)).toBeHidden();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-landing.png`, fullPage: true });

    const toggle = page.getByRole('button', { name: 'Open navigation' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(page.getByRole('button', { name: 'Close navigation' })).toHaveAttribute('aria-expanded', 'true');
    await expect(mainNav(page).getByRole('link')).toHaveText(account.nav);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-menu-open.png`, fullPage: true });

    // Escape closes it and leaves the menu button where it was.
    await page.keyboard.press('Escape');
    await expect(mainNav(page)).toBeHidden();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(mainNav(page)).toBeVisible();

    // Choosing a section closes the menu.
    await mainNav(page).getByRole('link', { name: 'Chat' }).click();
    await expect(page).toHaveURL(/\/t\/acme\/chat$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    await expect(mainNav(page)).toBeHidden();

    await page.getByRole('button', { name: `Account menu for ${account.name}` }).click();
    await expect(page.getByRole('menuitem', { name: 'Sign out', exact: true })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-user-menu.png`, fullPage: true });
  });
});

test('[AUTH][LAYOUT]: the dark theme is chosen from the user menu and kept across pages', async ({ page }) => {
  const account = ACCOUNTS.globexAdmin;
  await signIn(page, account);

  await page.getByRole('button', { name: `Account menu for ${account.name}` }).click();
  await page.getByRole('button', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('button', { name: 'Dark' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/dark-user-menu.png`, fullPage: true });
  await page.keyboard.press('Escape');

  await mainNav(page).getByRole('link', { name: 'Users & roles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users & roles' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.getByRole('heading', { level: 1, name: 'Users & roles' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/dark-landing.png`, fullPage: true });

  await page.goto('/t/acme/documents');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/dark-not-found.png`, fullPage: true });
});
