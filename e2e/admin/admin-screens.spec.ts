import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, screenshotsIn, signIn } from '../support/auth';

/**
 * The admin pages as testers see them, at laptop and phone widths, light and dark: the users list
 * is cards on a phone with nothing reachable only by scrolling sideways, permissions read as names.
 */
const shot = screenshotsIn('test-results/screenshots/admin');

const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page is no wider than the screen').toBeLessThanOrEqual(0);
}

for (const [name, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`[ADMIN][SCREENS]: users and roles, ${name}, ${scheme}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, ACCOUNTS.acmeAdmin);
      await page.goto('/t/acme/users');
      if (name === 'phone') {
        // Cards, not a table that scrolls sideways; every card has its actions.
        await expect(page.getByRole('table', { name: 'Users of this workspace' })).toBeHidden();
        await expect(page.getByRole('button', { name: 'Actions for admin@acme.test' })).toBeVisible();
      } else {
        await expect(page.getByRole('table', { name: 'Users of this workspace' })).toBeVisible();
      }
      await noSidewaysScroll(page);
      await shot(page, `users-${name}-${scheme}`);

      await page.goto('/t/acme/users/roles');
      await expect(page.getByRole('list', { name: 'Permissions of admin' })).toContainText('Manage users');
      await noSidewaysScroll(page);
      await shot(page, `roles-${name}-${scheme}`);
    });
  }
}

test('[ADMIN][SCREENS]: access denied names the permission in words', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeViewer);
  await page.goto('/t/acme/users');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('“Manage users” (users:manage)');
  await shot(page, 'access-denied-viewer');
});

test('[ADMIN][SCREENS]: the superadmin’s tenant form says what an empty field means', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('table', { name: 'Tenants' }).getByRole('link', { name: 'Globex Industries' }).click();
  const size = page.getByLabel('Maximum file size', { exact: true });
  await expect(size).toHaveValue(/\d/);
  await expect(page.getByText('An empty field means no limit.').first()).toBeVisible();
  await size.fill('');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(/Enter a maximum file size from 1 MB to 1 GB; the platform default is 50 MB\./)).toBeVisible();
  await shot(page, 'tenant-quotas-laptop');
  await page.setViewportSize(VIEWPORTS.phone);
  await noSidewaysScroll(page);
  await shot(page, 'tenant-quotas-phone');
});
