import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { acceptInvitation, dialog, readCopyField, type RunAccount, uniqueRun } from '../support/admin';
import { ACCOUNTS, mainNav, signIn, SCREENSHOT_DIR, screenshotsIn } from '../support/auth';
import { ask, startChat, trpcMutation, uploadAndWait } from '../support/chat';

/**
 * A user at their daily token limit, end to end: the superadmin creates a workspace from the
 * quota defaults, its admin asks a question, the superadmin lowers the per-user limit below what
 * was used, and the next question is refused with the limit, what was used and when it resets;
 * the Usage page counts the refusal. Its own tenant, so no other spec's questions are refused.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const SHOTS = `${SCREENSHOT_DIR}/usage`;
const admin: RunAccount = {
  workspace: run.slug,
  email: `admin-${run.id}@e2e.test`,
  password: `e2e-password-${run.id}`,
  name: 'Quinn Quota',
  tenantName: run.tenantName,
  landing: 'overview',
};
const state = { invitation: '' };

const shot = screenshotsIn(SHOTS);

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('[QUOTAS][NEW]: a new tenant starts from the platform quota defaults, in matching units', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await expect(form.getByLabel('Tokens per day', { exact: true })).toHaveValue('2,000,000');
  await expect(form.getByLabel('Storage', { exact: true })).toHaveValue('5');
  await expect(form.getByLabel('Storage unit')).toHaveValue('GB');
  await expect(form.getByLabel('Tokens per user per day')).toHaveValue('');
  await expect(form.getByLabel('Tokens per user per day')).toHaveAttribute('placeholder', 'No limit');
  await expect(form.getByText('Filled with the platform defaults. An empty field means no limit.')).toBeVisible();

  await form.getByLabel('Name', { exact: true }).fill(run.tenantName);
  await form.getByLabel('Slug').fill(run.slug);
  await form.getByLabel('First admin email').fill(admin.email);
  // A wrong figure is refused beside its field, before anything is created.
  await form.getByLabel('Tokens per API key per day').fill('lots');
  await form.getByRole('button', { name: 'Create tenant' }).click();
  await expect(form.getByText('Enter a whole number', { exact: false })).toBeVisible();
  await form.getByLabel('Tokens per API key per day').fill('');
  await shot(page, 'quota-new-tenant');
  await form.getByRole('button', { name: 'Create tenant' }).click();
  state.invitation = await readCopyField(dialog(page, 'Tenant created'), 'Invitation link');
});

test('[QUOTAS][REFUSED]: a user at their daily token limit is refused with the limit and the reset time', async ({ browser }) => {
  expect(state.invitation, 'the first step created the tenant').not.toBe('');
  const page = await acceptInvitation(browser, state.invitation, admin);
  try {
    const collection = await trpcMutation<{ id: string }>(page, 'collections.create', {
      name: 'Handbook',
      description: '',
      visibility: 'tenant',
    });
    await uploadAndWait(page, {
      collectionId: collection.id,
      name: 'travel-policy.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Travel policy. Train travel is booked in second class. Hotels up to 150 euros a night are reimbursed.\n'),
    });
    await mainNav(page).getByRole('link', { name: 'Chat' }).click();
    await startChat(page);
    await ask(page, 'How much is reimbursed for a hotel night?');

    // The superadmin lowers this workspace's per-user limit below what the admin has used.
    const superadmin = await browser.newPage();
    await signIn(superadmin, ACCOUNTS.superadmin);
    await superadmin.getByLabel('Search tenants').fill(run.slug);
    await superadmin.getByRole('table', { name: 'Tenants' }).getByRole('link', { name: run.tenantName }).click();
    await superadmin.getByLabel('Tokens per user per day').fill('10');
    await superadmin.getByRole('button', { name: 'Save changes' }).click();
    await expect(superadmin.getByText('Changes saved.')).toBeVisible();
    await superadmin.close();

    await page.getByRole('textbox', { name: 'Ask a question' }).fill('Which class is train travel booked in?');
    await page.getByRole('button', { name: 'Send' }).click();
    const refusal = page.getByText(
      /You have used [\d,]+ of your 10 daily tokens; you can ask again at 00:00 UTC \(in (\d+ h )?\d+ min\)\./,
    );
    await expect(refusal).toBeVisible({ timeout: 30_000 });
    await shot(page, 'quota-refused-chat');

    // The Usage page counts the refusal against the per-user limit.
    await mainNav(page).getByRole('link', { name: 'Usage' }).click();
    const refused = page.getByRole('region', { name: 'Refused by a limit' });
    await expect(refused).toContainText('Tokens per day (per user)');
    await expect(refused).toContainText('1 request');
    await refused.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/quota-refused-usage.png` });
  } finally {
    await page.context().close();
  }
});
