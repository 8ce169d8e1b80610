import { expect, test } from '@playwright/test';
import { ACCOUNTS, SCREENSHOT_DIR, signIn, signOut } from '../support/auth';

test('[AUTH][SESSIONS]: signing out ends the session on the server: a copy of the cookie no longer signs anyone in', async ({
  page,
  browser,
}) => {
  const account = ACCOUNTS.globexViewer;
  await signIn(page, account);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes('next-auth.session-token'))).toBe(true);

  await signOut(page, account);

  // Someone who copied the cookie before the sign-out (another tab, a stolen copy) tries it now.
  const copy = await browser.newContext();
  await copy.addCookies(cookies);
  const other = await copy.newPage();
  await other.goto('/t/globex/documents');
  await expect(other).toHaveURL(/\/sign-in/);
  const api = await copy.request.get('/api/trpc/session.get');
  expect(api.status()).toBe(401);
  await copy.close();
});

test('[AUTH][SESSIONS]: "Sign out everywhere" ends the sessions of every device', async ({ page, browser }) => {
  const account = ACCOUNTS.globexEditor;
  const laptop = await browser.newContext();
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, account);
  await signIn(page, account);

  await page.getByRole('button', { name: `Account menu for ${account.name}` }).click();
  const everywhere = page.getByRole('menuitem', { name: /Sign out everywhere/ });
  await expect(everywhere).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/user-menu-sign-out-everywhere.png` });
  await everywhere.click();
  await expect(page).toHaveURL(/\/sign-in/, { timeout: 30_000 });

  // The other device, left open on the documents page, is not even reloaded by hand: its live
  // status stream finds the session over at its next poll and the page goes to sign in.
  await expect(laptopPage).toHaveURL(/\/sign-in\?ended=/, { timeout: 30_000 });
  await laptop.close();
});
