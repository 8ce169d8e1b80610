import { expect, type Page, test } from '@playwright/test';
import { ACCOUNTS, mainNav, signIn } from '../support/auth';
import { dialog, shot, signInAs, type RunAccount } from '../support/admin';

/**
 * An admin who takes their own admin role away, or deactivates their own account, is told what
 * they lose first; once they confirm, the page follows (another section, or the sign-in page),
 * never a stale list or a "permission" error. Each test makes its own admin in acme.
 */

const PASSWORD = 'e2e-self-password-1';

async function createAdmin(page: Page, label: string): Promise<RunAccount> {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const account: RunAccount = {
    workspace: 'acme',
    email: `${label}-${id}@e2e.test`,
    password: PASSWORD,
    name: `Self ${label} ${id}`,
    tenantName: 'Acme Corporation',
    landing: 'overview',
  };
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/users');
  await page.getByRole('button', { name: 'Invite user' }).click();
  const form = dialog(page, 'Invite user');
  await form.getByRole('radio', { name: 'Create with password' }).check();
  await form.getByLabel('Email', { exact: true }).fill(account.email);
  await form.getByLabel('Name', { exact: true }).fill(account.name);
  await form.getByLabel('Password', { exact: true }).fill(account.password);
  await form.getByRole('checkbox', { name: 'admin', exact: true }).check();
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form).toBeHidden();
  await page.context().clearCookies();
  return account;
}

function ownRow(page: Page, account: RunAccount) {
  return page.getByRole('table', { name: 'Users of this workspace' }).getByRole('row').filter({ hasText: account.email });
}

test('[USERS][SELF_DEMOTE]: removing one’s own admin role names what is lost, then lands where the admin still has access', async ({
  page,
}) => {
  const me = await createAdmin(page, 'demote');
  await signInAs(page, me);
  await page.goto('/t/acme/users');
  const row = ownRow(page, me);
  await expect(row).toContainText('You');
  await row.getByRole('button', { name: `Actions for ${me.email}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();

  const edit = dialog(page, 'Edit your account');
  await edit.getByRole('checkbox', { name: 'admin', exact: true }).uncheck();
  await edit.getByRole('checkbox', { name: 'editor', exact: true }).check();
  await edit.getByRole('button', { name: 'Save changes' }).click();

  // Nothing is saved yet: the dialog says what goes, in names people read.
  const lost = edit.getByRole('list', { name: 'Permissions you will lose' });
  await expect(lost).toContainText('Manage users');
  await expect(lost).toContainText('Manage settings');
  await expect(lost).not.toContainText('Manage documents');
  await expect(edit).toContainText('You will leave this page');
  await expect(edit.getByRole('button', { name: 'Go back' })).toBeFocused();
  await shot(page, 'self-demote-confirm');

  // Going back changes nothing; confirming applies it.
  await edit.getByRole('button', { name: 'Go back' }).click();
  await expect(edit.getByRole('checkbox', { name: 'admin', exact: true })).not.toBeChecked();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await edit.getByRole('button', { name: 'Remove my permissions' }).click();

  // The workspace reloads on a section an editor has, with the editor's navigation, and no error.
  await expect(page).toHaveURL(/\/t\/acme\/documents$/, { timeout: 30_000 });
  await expect(mainNav(page).getByRole('link')).toHaveText(['Documents', 'Chat', 'Usage', 'Evaluations']);
  await expect(page.getByRole('alert').filter({ hasText: /permission/i })).toHaveCount(0);
  await shot(page, 'self-demote-after');
});

test('[USERS][SELF_DEACTIVATE]: deactivating one’s own account is confirmed, then signs out to a page that says why', async ({ page }) => {
  const me = await createAdmin(page, 'leave');
  await signInAs(page, me);
  await page.goto('/t/acme/users');
  const row = ownRow(page, me);
  await row.getByRole('button', { name: `Actions for ${me.email}` }).click();
  await page.getByRole('menuitem', { name: 'Deactivate my account' }).click();

  const confirm = dialog(page, 'Deactivate your own account?');
  await expect(confirm).toContainText('You are signed out at once');
  await expect(confirm).toContainText('until another admin of this workspace reactivates you');
  await shot(page, 'self-deactivate-confirm');
  await confirm.getByRole('button', { name: 'Deactivate and sign me out' }).click();

  await expect(page).toHaveURL(/\/sign-in\?ended=deactivated/, { timeout: 30_000 });
  await expect(page.getByText('Your account has been deactivated, so you were signed out.')).toBeVisible();
  await expect(page.getByLabel('Workspace')).toHaveValue('acme');

  // The account is really off: signing in again is refused.
  await page.getByLabel('Email').fill(me.email);
  await page.getByLabel('Password').fill(me.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'This account has been deactivated.' })).toBeVisible();

  // Another admin sees it in the list.
  await signIn(page, ACCOUNTS.acmeAdmin);
  await page.goto('/t/acme/users');
  await expect(ownRow(page, me)).toContainText('Deactivated');
});
