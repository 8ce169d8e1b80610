import { expect, test } from '@playwright/test';
import { dialog } from '../support/admin';
import { ACCOUNTS, screenshotsIn, signIn } from '../support/auth';

const shot = screenshotsIn('test-results/screenshots/auth');

/**
 * "Forgot password?" on the sign-in page: the same answer for any address, a one-time link in the
 * outbox (no SMTP in the e2e server), and a new password that signs in. The account is made here.
 */
test('[AUTH][FORGOT_PASSWORD]: a member asks for a reset link, gets the same answer as a stranger, and signs in with the new password', async ({
  page,
  browser,
}) => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const email = `forgot-${id}@e2e.test`;
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/users');
  await page.getByRole('button', { name: 'Invite user' }).click();
  const form = dialog(page, 'Invite user');
  await form.getByRole('radio', { name: 'Create with password' }).check();
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Name', { exact: true }).fill('Fran Forgetful');
  await form.getByLabel('Password', { exact: true }).fill('the-old-password-1');
  await form.getByRole('checkbox', { name: 'viewer', exact: true }).check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form).toBeHidden();

  const context = await browser.newContext();
  const anon = await context.newPage();
  try {
    // What was typed on the sign-in page comes along.
    await anon.goto('/sign-in');
    await anon.getByLabel('Workspace').fill('acme');
    await anon.getByLabel('Email').fill(email);
    await shot(anon, 'sign-in-forgot-link');
    await anon.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(anon).toHaveURL(/\/forgot-password\?/);
    await expect(anon.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
    await expect(anon.getByLabel('Workspace')).toHaveValue('acme');
    await expect(anon.getByLabel('Email')).toHaveValue(email);
    await shot(anon, 'forgot-password-form');

    // A bad address is a sentence beside the field.
    await anon.getByLabel('Email').fill('not-an-address');
    await anon.getByRole('button', { name: 'Send reset link' }).click();
    await expect(anon.getByText('Enter a valid email address.')).toBeVisible();
    await expect(anon.getByLabel('Email')).toBeFocused();

    await anon.getByLabel('Email').fill(email);
    await anon.getByRole('button', { name: 'Send reset link' }).click();
    const answer = anon.getByRole('status');
    await expect(answer.getByRole('heading', { name: 'Check your e-mail' })).toBeVisible();
    const sentence = await answer.locator('p').first().textContent();
    await shot(anon, 'forgot-password-sent');

    // A stranger's address gets the very same sentence.
    await anon.goto('/forgot-password?workspace=acme');
    await anon.getByLabel('Email').fill(`nobody-${id}@e2e.test`);
    await anon.getByRole('button', { name: 'Send reset link' }).click();
    await expect(anon.getByRole('status').locator('p').first()).toHaveText(sentence!);

    // The link waits in the outbox (no SMTP here).
    await page.context().clearCookies();
    await signIn(page, ACCOUNTS.superadmin);
    await page.goto('/admin/outbox');
    await page.getByLabel('Search messages').fill(email);
    const row = page.getByRole('table', { name: 'E-mail messages, newest first' }).getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Password reset');
    await expect(page.getByRole('table', { name: 'E-mail messages, newest first' })).not.toContainText(`nobody-${id}`);
    await row.getByRole('button', { name: `View the message to ${email}` }).click();
    const text = await dialog(page, `Password reset to ${email}`).getByLabel('Message text').textContent();
    const link = /https?:\/\/\S+\/reset-password\/[\w-]+/.exec(text ?? '')?.[0];
    expect(link, 'the message holds a reset link').toBeTruthy();

    await anon.goto(new URL(link!).pathname);
    await anon.getByLabel('Password', { exact: true }).fill('the-new-password-2');
    await anon.getByLabel('Confirm password').fill('the-new-password-2');
    await anon.getByRole('button', { name: 'Set new password' }).click();
    await expect(anon.getByRole('heading', { name: 'Password changed' })).toBeVisible();
    await anon.getByRole('link', { name: 'Sign in' }).click();
    await anon.getByLabel('Password').fill('the-new-password-2');
    await anon.getByRole('button', { name: 'Sign in' }).click();
    await expect(anon).toHaveURL(/\/t\/acme\/documents$/, { timeout: 30_000 });

    // The link was single-use.
    await anon.goto(new URL(link!).pathname);
    await expect(anon.getByRole('heading', { name: 'This link can’t be used' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('[AUTH][FORGOT_PASSWORD]: the form on a phone, dark', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/forgot-password?workspace=acme');
  await expect(page.getByLabel('Workspace')).toHaveValue('acme');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  // An empty address is a sentence beside its field, and focus goes there.
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByText('Enter a valid email address.')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'forgot-password-phone-dark');
});
