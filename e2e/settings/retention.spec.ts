import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { acceptInvitation, dialog, readCopyField, type RunAccount, uniqueRun } from '../support/admin';
import { ACCOUNTS, mainNav, SCREENSHOT_DIR, signIn, screenshotsIn } from '../support/auth';

/**
 * Data retention and legal holds on the Settings page, in a workspace of its own (so no other
 * spec's data is ever in reach of a period set here): the admin shortens the chats' period, sees
 * the confirmation say how much goes, saves it, and places a legal hold that is then listed.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const SHOTS = `${SCREENSHOT_DIR}/settings`;
const admin: RunAccount = {
  workspace: run.slug,
  email: `admin-${run.id}@e2e.test`,
  password: `e2e-password-${run.id}`,
  name: 'Rita Retention',
  tenantName: run.tenantName,
  landing: 'overview',
};
const state = { invitation: '' };

const shot = screenshotsIn(SHOTS);

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('[SETTINGS][SETUP]: the superadmin creates a workspace for the retention story', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await form.getByLabel('Name', { exact: true }).fill(run.tenantName);
  await form.getByLabel('Slug').fill(run.slug);
  await form.getByLabel('First admin email').fill(admin.email);
  await form.getByRole('button', { name: 'Create tenant' }).click();
  state.invitation = await readCopyField(dialog(page, 'Tenant created'), 'Invitation link');
});

test('[SETTINGS][RETENTION]: an admin shortens a period after a confirmation that says how much goes, and places a legal hold', async ({
  browser,
}) => {
  expect(state.invitation, 'the first step created the tenant').not.toBe('');
  const page = await acceptInvitation(browser, state.invitation, admin);
  try {
    await mainNav(page).getByRole('link', { name: 'Settings' }).click();
    const main = page.getByRole('main');
    const retention = main.getByRole('form', { name: 'Data retention' });
    await expect(retention).toBeVisible();
    await expect(retention.getByText('The audit log is kept at least 365 days.')).toBeVisible();

    // Everything is kept forever until a period is set.
    const chatsForever = retention.getByRole('group', { name: 'Chats' }).getByLabel('Keep forever');
    await expect(chatsForever).toBeChecked();

    // The audit log's floor is refused beside its field, before anything is sent.
    await retention.getByRole('group', { name: 'Audit log' }).getByLabel('Keep forever').uncheck();
    await retention.getByLabel('Audit log: days to keep').fill('90');
    await retention.getByRole('button', { name: 'Save retention periods' }).click();
    await expect(retention.getByText('The audit log is kept at least 365 days. Enter 365 or more')).toBeVisible();
    await expect(retention.getByLabel('Audit log: days to keep')).toBeFocused();
    await retention.getByRole('group', { name: 'Audit log' }).getByLabel('Keep forever').check();

    // Chats for 30 days: the preview counts, then saving asks for confirmation with the counts.
    await chatsForever.uncheck();
    await retention.getByLabel('Chats: days to keep').fill('30');
    await retention.getByRole('button', { name: 'Preview' }).click();
    await expect(retention.getByText('With these periods, a run now would remove:')).toBeVisible();
    await expect(retention.getByText(/Chats: 0 messages, 0 conversations, 0 feedback entries/)).toBeVisible();
    await retention.getByRole('button', { name: 'Save retention periods' }).click();
    const confirm = dialog(page, 'Shorten retention?');
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('Chats to 30 days: removes 0 messages, 0 conversations, 0 feedback entries');
    await shot(page, 'retention-confirm');
    await confirm.getByRole('button', { name: 'Shorten and remove' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByText('Retention periods saved.')).toBeVisible();
    await page.reload();
    await expect(retention.getByLabel('Chats: days to keep')).toHaveValue('30');
    await expect(main.getByRole('table', { name: 'Recent retention runs, newest first' })).toContainText('No runs yet');

    // A legal hold on the admin's own account, with a reason, is listed as active.
    const holds = main.getByRole('form', { name: 'Place a legal hold' });
    await holds.getByLabel('Hold').selectOption('user');
    await holds.getByLabel('User', { exact: true }).fill(admin.email);
    await holds.getByRole('button', { name: 'Place hold' }).click();
    await expect(holds.getByText('Say why the data is held')).toBeVisible();
    await holds.getByLabel('Reason').fill('Litigation hold for case 2026-014');
    await holds.getByRole('button', { name: 'Place hold' }).click();
    const list = main.getByRole('list', { name: 'Legal holds, newest first' });
    await expect(list).toContainText(admin.email);
    await expect(list).toContainText('Litigation hold for case 2026-014');
    await expect(list.getByRole('button', { name: `Release the hold on ${admin.name} <${admin.email}>` })).toBeVisible();
    await shot(page, 'retention-and-holds');

    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'retention-and-holds-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'retention-and-holds-phone');
    await retention.screenshot({ path: `${SHOTS}/retention-phone.png` });
    await list.screenshot({ path: `${SHOTS}/holds-phone.png` });
    // Nothing is wider than the phone's screen (tables scroll inside their own box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  } finally {
    await page.context().close();
  }
});
