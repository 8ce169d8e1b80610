import { expect, test } from '@playwright/test';
import { ACCOUNTS, type DemoAccount, mainNav, SCREENSHOT_DIR, signIn, signOut, submitSignIn } from '../support/auth';

const ROLES: DemoAccount[] = [ACCOUNTS.superadmin, ACCOUNTS.acmeAdmin, ACCOUNTS.acmeEditor, ACCOUNTS.acmeViewer, ACCOUNTS.globexAdmin];

for (const account of ROLES) {
  test(`[AUTH][SIGN_IN]: ${account.label} signs in, sees the ${account.role} navigation and the ${account.contextName} header, and signs out`, async ({
    page,
  }) => {
    await signIn(page, account);

    // Exactly the sections this role may open, in order.
    await expect(mainNav(page).getByRole('link')).toHaveText(account.nav);
    await expect(mainNav(page).getByRole('link', { name: account.nav[0] })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: account.nav[0] })).toBeVisible();
    await expect(page.getByTestId('context-name')).toHaveText(account.contextName);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/landing-${account.key}.png`, fullPage: true });

    const landing = new URL(page.url()).pathname;
    await signOut(page, account);

    // The session is gone: the console sends us back to sign in.
    await page.goto(landing);
    await expect(page).toHaveURL(/\/sign-in$/);
  });
}

test('[AUTH][SIGN_IN]: a wrong password shows an error and keeps the visitor on the sign-in page', async ({ page }) => {
  await submitSignIn(page, ACCOUNTS.globexEditor, 'not-the-password');
  // Next.js keeps an empty role=alert route announcer on every page: look inside the form.
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong workspace, email or password.');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/sign-in-error.png`, fullPage: true });
});

test('[AUTH][KEYBOARD]: the sign-in form can be completed with Tab and Enter', async ({ page }) => {
  const account = ACCOUNTS.globexViewer;
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Workspace')).toBeFocused();
  await page.keyboard.type(account.workspace);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(process.env.DEMO_PASSWORD || 'demo-password-1');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(account.landing, { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText(account.contextName);
  await expect(mainNav(page).getByRole('link')).toHaveText(account.nav);

  // The skip link is the first stop in the console and moves focus to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
});
