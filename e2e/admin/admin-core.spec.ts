import { expect, type Locator, type Page, test } from '@playwright/test';
import { ACCOUNTS, mainNav, signIn } from '../support/auth';
import { acceptInvitation, dialog, filterAuditByAction, readCopyField, type RunAccount, shot, signInAs, uniqueRun } from '../support/admin';

/**
 * The administration story end to end, one step per test: a superadmin creates a tenant, its
 * first admin joins, invites an editor, gives them a custom role, uses and revokes an API key,
 * reads the audit trail; the superadmin enters and leaves the tenant, then suspends it.
 * Later steps use what earlier ones created, so the file runs in order.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const PASSWORD = `e2e-password-${run.id}`;
const admin: RunAccount = {
  workspace: run.slug,
  email: `admin-${run.id}@e2e.test`,
  password: PASSWORD,
  name: 'Ada Admin',
  tenantName: run.tenantName,
  landing: 'overview',
};
const editor: RunAccount = {
  workspace: run.slug,
  email: `editor-${run.id}@e2e.test`,
  password: PASSWORD,
  name: 'Eddie Editor',
  tenantName: run.tenantName,
};
const ROLE_NAME = `Auditors ${run.id}`;
const KEY_NAME = `Nightly report ${run.id}`;
const EDITOR_NAV = ['Documents', 'Chat', 'Usage', 'Evaluations'];
const ADMIN_NAV = ['Overview', 'Documents', 'Chat', 'Users & roles', 'Usage', 'GDPR', 'Evaluations', 'Audit log', 'Settings'];

/** Filled in by the steps, read by later ones. */
const state = { adminInvitation: '', editorInvitation: '', tenantPath: '' };

function usersTabs(page: Page) {
  return page.getByRole('navigation', { name: 'Users and roles sections' });
}

test('[TENANTS][CREATE]: the superadmin creates a tenant and gets its first admin’s one-time invitation link', async ({
  page,
  baseURL,
}) => {
  await signIn(page, ACCOUNTS.superadmin);
  await expect(page.getByRole('heading', { level: 1, name: 'Tenants' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('link').first()).toBeVisible();

  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await expect(form).toBeVisible();
  await form.getByLabel('Name', { exact: true }).fill(run.tenantName);
  // The slug is suggested from the name; we type ours anyway.
  await expect(form.getByLabel('Slug')).toHaveValue(run.slug);
  await form.getByLabel('Slug').fill(run.slug);
  await form.getByLabel('Plan').selectOption({ label: 'Pro' });
  await form.getByLabel('First admin email').fill(admin.email);
  await shot(page, '02-new-tenant-dialog');
  await form.getByRole('button', { name: 'Create tenant' }).click();

  const created = dialog(page, 'Tenant created');
  await expect(created.getByRole('status')).toHaveText(`${run.tenantName} is ready at /t/${run.slug}.`);
  state.adminInvitation = await readCopyField(created, 'Invitation link');
  expect(state.adminInvitation).toMatch(new RegExp(`^${baseURL}/invite/[\\w-]{20,}$`));
  await expect(created.getByText(/it is shown once and expires/i)).toBeVisible();
  await shot(page, '03-new-tenant-link');

  await created.getByRole('button', { name: 'Done' }).click();
  await expect(created).toBeHidden();
  // The list now has it, newest first, active on the Pro plan.
  const row = page.getByRole('table', { name: 'Tenants' }).getByRole('row').filter({ hasText: run.slug });
  await expect(row.getByRole('link', { name: run.tenantName })).toBeVisible();
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Pro plan');
  await shot(page, '01-tenants-list');
});

test('[INVITE][ACCEPT]: the first admin accepts the invitation in a fresh browser and lands in the new tenant', async ({ browser }) => {
  expect(state.adminInvitation, 'the tenant step issued a link').not.toBe('');
  const page = await acceptInvitation(browser, state.adminInvitation, admin, { screenshot: '04-invite-page' });
  try {
    await expect(mainNav(page).getByRole('link')).toHaveText(ADMIN_NAV);
    await expect(page.getByRole('button', { name: `Account menu for ${admin.name}` })).toBeVisible();
    // Their first page is the workspace overview, with the quotas a new workspace starts with.
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Tokens today' })).toHaveAttribute('aria-valuenow', '0');
    await expect(page.getByRole('region', { name: 'Needs attention' })).toContainText('Nothing needs your attention');

    // The link worked once: opened again, it is refused.
    await page.goto(state.adminInvitation);
    await expect(page.getByRole('heading', { name: 'This link can’t be used' })).toBeVisible();
  } finally {
    await page.context().close();
  }
});

test('[USERS][INVITE]: the admin invites an editor, who accepts and sees the editor navigation', async ({ page, browser }) => {
  await signInAs(page, admin);
  await mainNav(page).getByRole('link', { name: 'Users & roles' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/users$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Users & roles' })).toBeVisible();
  await expect(usersTabs(page).getByRole('link', { name: 'Users', exact: true })).toHaveAttribute('aria-current', 'page');

  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = dialog(page, 'Invite user');
  await invite.getByLabel('Email', { exact: true }).fill(editor.email);
  await invite.getByRole('checkbox', { name: 'editor', exact: true }).check();
  await shot(page, '05-invite-user-dialog');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByRole('status')).toContainText(`${editor.email} is invited.`);
  state.editorInvitation = await readCopyField(invite, 'Invitation link');
  expect(state.editorInvitation).toMatch(/\/invite\/[\w-]{20,}$/);
  await shot(page, '06-invite-user-link');
  await invite.getByRole('button', { name: 'Done' }).click();
  await expect(invite).toBeHidden();

  const users = page.getByRole('table', { name: 'Users of this workspace' });
  const editorRow = users.getByRole('row').filter({ hasText: editor.email });
  await expect(editorRow).toContainText('Invited');
  await expect(editorRow.getByRole('list', { name: `Roles of ${editor.email}` })).toHaveText('editor');

  const editorPage = await acceptInvitation(browser, state.editorInvitation, editor);
  try {
    await expect(mainNav(editorPage).getByRole('link')).toHaveText(EDITOR_NAV);
  } finally {
    await editorPage.context().close();
  }

  // Back in the admin's list, the editor is active now.
  await page.reload();
  await expect(editorRow).toContainText('Active');
  await expect(editorRow).toContainText(editor.name);
  await expect(users.getByRole('row').filter({ hasText: admin.email })).toContainText('You');
  await shot(page, '07-users-tab');
});

test('[OUTBOX][READ]: without SMTP, the superadmin finds the editor’s invitation, link included, in the outbox', async ({ page }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await mainNav(page).getByRole('link', { name: 'Outbox' }).click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  await page.getByLabel('Search messages').fill(editor.email);
  const row = page.getByRole('table', { name: 'E-mail messages, newest first' }).getByRole('row').filter({ hasText: editor.email });
  await expect(row).toContainText('Invitation');
  await expect(row).toContainText('Not sent');
  await expect(row).toContainText(run.slug);
  await row.getByRole('button', { name: `View the message to ${editor.email}` }).click();
  const message = dialog(page, `Invitation to ${editor.email}`);
  await expect(message.getByLabel('Message text')).toContainText(state.editorInvitation);
});

test('[ROLES][CREATE_ASSIGN]: the admin creates a custom role, gives it to the editor, and the editor gains the audit log', async ({
  page,
  browser,
}) => {
  // The editor is signed in throughout, in a browser of their own.
  const editorContext = await browser.newContext();
  const editorPage = await editorContext.newPage();
  try {
    await signInAs(editorPage, editor);
    await expect(mainNav(editorPage).getByRole('link')).toHaveText(EDITOR_NAV);

    await signInAs(page, admin);
    await page.goto(`/t/${run.slug}/users`);
    await usersTabs(page).getByRole('link', { name: 'Roles', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/users/roles$`));
    await expect(page.getByRole('heading', { name: 'Built-in roles' })).toBeVisible();
    await expect(page.getByText('No custom roles yet.', { exact: false })).toBeVisible();

    await page.getByRole('button', { name: 'New role' }).click();
    const form = dialog(page, 'New role');
    await form.getByLabel('Name', { exact: true }).fill(ROLE_NAME);
    await form.getByLabel('Description (optional)').fill('Reads the audit log.');
    await form.getByRole('checkbox', { name: 'Read the audit log', exact: true }).check();
    await form.getByRole('checkbox', { name: 'See usage', exact: true }).check();
    await shot(page, '08-role-dialog');
    await form.getByRole('button', { name: 'Create role' }).click();
    await expect(form).toBeHidden();

    const permissions = page.getByRole('list', { name: `Permissions of ${ROLE_NAME}` });
    await expect(permissions.getByRole('listitem')).toHaveCount(2);
    // People read the permissions' names; the codes are only the badges' tooltips.
    await expect(permissions).toContainText('Read the audit log');
    await expect(permissions).toContainText('See usage');
    await expect(permissions).not.toContainText('audit:read');
    await expect(page.getByRole('button', { name: `Edit role ${ROLE_NAME}` })).toBeVisible();
    await shot(page, '09-roles-tab');

    // Users tab: Actions → Edit → tick the new role → Save changes.
    await usersTabs(page).getByRole('link', { name: 'Users', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/users$`));
    await page.getByRole('button', { name: `Actions for ${editor.email}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = dialog(page, `Edit ${editor.name}`);
    await expect(edit.getByRole('checkbox', { name: 'editor', exact: true })).toBeChecked();
    await edit.getByRole('checkbox', { name: ROLE_NAME, exact: true }).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit).toBeHidden();
    const editorRoles = page.getByRole('list', { name: `Roles of ${editor.email}` }).getByRole('listitem');
    await expect(editorRoles).toHaveCount(2);
    await expect(editorRoles.filter({ hasText: ROLE_NAME })).toHaveCount(1);
    await expect(editorRoles.getByText('editor', { exact: true })).toHaveCount(1);

    // The editor's next request sees the new permission.
    await editorPage.reload();
    await expect(mainNav(editorPage).getByRole('link')).toHaveText([...EDITOR_NAV, 'Audit log']);
    await mainNav(editorPage).getByRole('link', { name: 'Audit log' }).click();
    await expect(editorPage.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await expect(editorPage.getByRole('table', { name: 'Audit log entries, newest first' })).toContainText('role.create');
  } finally {
    await editorContext.close();
  }
});

test('[API_KEYS][CREATE_USE_REVOKE]: an API key answers as itself until it is revoked', async ({ page, request }) => {
  await signInAs(page, admin);
  await page.goto(`/t/${run.slug}/users`);
  await usersTabs(page).getByRole('link', { name: 'API keys', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/users/api-keys$`));
  await expect(page.getByText('No active API keys.', { exact: false })).toBeVisible();

  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = dialog(page, 'Create API key');
  await form.getByLabel('Name', { exact: true }).fill(KEY_NAME);
  await form.getByRole('checkbox', { name: 'See usage', exact: true }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByRole('status')).toHaveText('Copy this key now. It will not be shown again.');
  const key = await readCopyField(form, 'API key');
  expect(key).toMatch(/^ao_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
  await expect(form.getByRole('textbox', { name: 'Example request' })).toHaveValue(new RegExp(`Authorization: Bearer ${key}`));
  await shot(page, '10-api-key-created');
  await form.getByRole('button', { name: 'Done' }).click();
  await expect(form).toBeHidden();

  const keys = page.getByRole('table', { name: 'API keys of this workspace' });
  const row = keys.getByRole('row').filter({ hasText: KEY_NAME });
  await expect(row).toContainText('Active');
  await expect(row.getByRole('list', { name: `Scopes of ${KEY_NAME}` })).toHaveText('See usage');
  await expect(row).toContainText(`by ${admin.email}`);
  // Only the prefix is listed, never the secret.
  const prefix = key.split('_')[1]!;
  await expect(row).toContainText(`ao_${prefix}_…`);
  await expect(keys).not.toContainText(key);

  // The key works as a Bearer token.
  const ok = await request.get('/api/trpc/session.get', { headers: { Authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  const principal = (await ok.json()).result.data.json;
  expect(principal).toMatchObject({
    kind: 'api_key',
    name: KEY_NAME,
    prefix,
    tenantSlug: run.slug,
    tenantName: run.tenantName,
    permissions: ['usage:read'],
  });

  // Last used is filled once the list refreshes.
  await page.reload();
  await expect(row.locator('td').nth(4)).not.toHaveText('Never');
  await shot(page, '11-api-keys-tab');

  await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
  const confirm = dialog(page, `Revoke API key ${KEY_NAME}?`);
  await expect(confirm).toContainText(`ao_${prefix}_…`);
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(confirm).toBeHidden();
  await expect(keys.getByRole('row').filter({ hasText: KEY_NAME })).toHaveCount(0);
  await page.getByLabel('Include revoked keys').check();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: `Revoke ${KEY_NAME}` })).toHaveCount(0);

  const refused = await request.get('/api/trpc/session.get', { headers: { Authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  const error = (await refused.json()).error.json;
  expect(error.message).toBe('This API key has been revoked.');
  expect(error.data.code).toBe('UNAUTHORIZED');
});

test('[AUDIT][TRAIL]: the tenant audit log shows every step, and its chain verifies', async ({ page }) => {
  await signInAs(page, admin);
  await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/audit$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('main').getByRole('table', { name: 'Audit log entries, newest first' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await expect(table).toContainText('api_key.revoke');
  await shot(page, '12-audit-log');

  const expected: Array<[action: string, check?: (rows: Locator) => Promise<void>]> = [
    ['tenant.create'],
    [
      'user.accept_invitation',
      async (rows) => {
        await expect(rows).toHaveCount(2);
      },
    ],
    ['user.invite', async (rows) => expect(rows.first()).toContainText(admin.email)],
    ['role.create', async (rows) => expect(rows.first()).toContainText(admin.email)],
    ['user.update', async (rows) => expect(rows.first()).toContainText(admin.email)],
    ['api_key.create'],
    [
      'api_key.use',
      async (rows) => {
        // One use went through, the one after revocation was refused.
        await expect(rows).toHaveCount(2);
        await expect(rows.filter({ hasText: 'Success' })).toHaveCount(1);
        await expect(rows.filter({ hasText: 'Denied' })).toHaveCount(1);
        await expect(rows.first()).toContainText(KEY_NAME);
        await expect(rows.first()).toContainText('API key');
      },
    ],
    ['api_key.revoke'],
  ];
  for (const [action, check] of expected) {
    await test.step(action, async () => {
      const rows = await filterAuditByAction(page, action);
      await expect(rows.first().getByRole('cell').nth(4)).toContainText(/Success|Denied/);
      if (check) await check(rows);
    });
  }

  // A row's details show the full entry.
  await page
    .getByRole('main')
    .getByRole('button', { name: /^Details of entry #\d+$/ })
    .first()
    .click();
  const details = dialog(page, /^Audit entry #\d+$/);
  await expect(details).toContainText('api_key.revoke');
  await expect(details.getByLabel('Payload as JSON')).toContainText(KEY_NAME);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByText(/^Intact: \d+ entr(y|ies) checked\.$/)).toBeVisible();
});

test('[TENANTS][ENTER_EXIT]: the superadmin enters the tenant, sees it as its admin would, and exits; the platform log records it', async ({
  page,
}) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByLabel('Search tenants').fill(run.slug);
  const list = page.getByRole('table', { name: 'Tenants' });
  await expect(list.getByRole('link')).toHaveText([run.tenantName]);
  await list.getByRole('link', { name: run.tenantName }).click();

  await expect(page).toHaveURL(/\/admin\/tenants\/[0-9a-f-]{36}$/);
  state.tenantPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: run.tenantName })).toBeVisible();
  // Two users (admin and editor), created just now.
  await expect(page.getByRole('main')).toContainText(run.slug);
  await expect(page.getByRole('term').filter({ hasText: 'Users' }).locator('xpath=following-sibling::dd[1]')).toHaveText('2');
  await shot(page, '13-tenant-detail');

  await page.getByRole('button', { name: 'Enter tenant' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/overview$`), { timeout: 30_000 });
  const banner = page.getByRole('status').filter({ hasText: 'You are viewing' });
  await expect(banner).toHaveText(
    new RegExp(`^You are viewing ${run.tenantName} as platform superadmin\\. Everything you do here is audited\\.`),
  );
  await expect(page.getByTestId('context-name')).toHaveText(run.tenantName);
  await expect(mainNav(page).getByRole('link')).toHaveText(ADMIN_NAV);

  // The tenant's pages are open to them: its users, for one.
  await mainNav(page).getByRole('link', { name: 'Users & roles' }).click();
  const users = page.getByRole('table', { name: 'Users of this workspace' });
  await expect(users).toContainText(admin.email);
  await expect(users).toContainText(editor.email);
  await expect(banner).toBeVisible();
  await shot(page, '14-acting-banner');

  await banner.getByRole('button', { name: 'Exit tenant' }).click();
  await expect(page).toHaveURL(/\/admin\/tenants$/, { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText('Superadmin');
  await expect(page.getByRole('status').filter({ hasText: 'You are viewing' })).toHaveCount(0);
  // Out again: the tenant's pages are not theirs.
  const response = await page.goto(`/t/${run.slug}/documents`);
  expect(response?.status()).toBe(404);

  await page.goto('/admin/tenants');
  await mainNav(page).getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('table', { name: 'Audit log entries, newest first' })).toContainText('tenant.exit');
  await shot(page, '15-platform-audit-log');
  for (const action of ['tenant.create', 'tenant.enter', 'tenant.exit']) {
    await test.step(action, async () => {
      const rows = await filterAuditByAction(page, action);
      await expect(rows.first()).toContainText('Superadmin');
      // This run's entry is among the newest (other specs create tenants at the same time): its
      // details name our tenant's slug.
      let found = false;
      for (let i = 0; i < Math.min(await rows.count(), 10) && !found; i++) {
        await rows
          .nth(i)
          .getByRole('button', { name: /^Details of entry/ })
          .click();
        const details = dialog(page, /^Audit entry #\d+$/);
        await expect(details.getByLabel('Payload as JSON')).toBeVisible();
        found = ((await details.getByLabel('Payload as JSON').textContent()) ?? '').includes(run.slug);
        await page.keyboard.press('Escape');
        await expect(details).toBeHidden();
      }
      expect(found, `a ${action} entry names ${run.slug}`).toBe(true);
    });
  }
});

test('[TENANTS][SUSPEND]: suspending the tenant ends its admin’s session and refuses sign-in until it is reactivated', async ({
  page,
  browser,
}) => {
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  try {
    await signInAs(adminPage, admin);
    // On a page without a live stream, so that the next navigation is what meets the suspension
    // (the documents page's stream would notice by itself: e2e/auth/sessions.spec.ts).
    await mainNav(adminPage).getByRole('link', { name: 'Users & roles' }).click();
    await expect(adminPage).toHaveURL(/\/users$/);

    await signIn(page, ACCOUNTS.superadmin);
    expect(state.tenantPath, 'the enter step found the tenant page').not.toBe('');
    await page.goto(state.tenantPath);
    await expect(page.getByRole('heading', { level: 1, name: run.tenantName })).toBeVisible();
    await page.getByRole('button', { name: 'Suspend tenant' }).click();
    const confirm = dialog(page, `Suspend ${run.tenantName}?`);
    await expect(confirm).toContainText('Everyone in this workspace is signed out at once');
    await confirm.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`${run.tenantName} is suspended.`)).toBeVisible();
    await expect(page.getByRole('main').getByText('Suspended', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reactivate tenant' })).toBeVisible();
    await shot(page, '16-tenant-suspended');

    // The admin's open session is refused on their next navigation.
    await mainNav(adminPage).getByRole('link', { name: 'Usage' }).click();
    await expect(adminPage).toHaveURL(/\/sign-in\?ended=suspended$/, { timeout: 30_000 });
    await expect(adminPage.locator('form').getByRole('status')).toHaveText('Your workspace has been suspended, so you were signed out.');

    // The right password is not enough while the workspace is suspended (one denied sign-in).
    await adminPage.getByLabel('Workspace').fill(admin.workspace);
    await adminPage.getByLabel('Email').fill(admin.email);
    await adminPage.getByLabel('Password').fill(admin.password);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await expect(adminPage.locator('form').getByRole('alert')).toHaveText(
      'This workspace is suspended. Contact your platform administrator.',
    );
    await expect(adminPage).toHaveURL(/\/sign-in/);
    await shot(adminPage, '17-sign-in-suspended');

    // Reactivated, the admin signs in again.
    await page.getByRole('button', { name: 'Reactivate tenant' }).click();
    const reactivate = dialog(page, `Reactivate ${run.tenantName}?`);
    await reactivate.getByRole('button', { name: 'Reactivate', exact: true }).click();
    await expect(reactivate).toBeHidden();
    await expect(page.getByText(`${run.tenantName} is active again.`)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Suspend tenant' })).toBeVisible();

    // Reactivated, the admin can sign in again. (Fresh cookies: the session from before the
    // suspension is still signed and would otherwise skip the sign-in form.)
    await adminContext.clearCookies();
    await signInAs(adminPage, admin);
  } finally {
    await adminContext.close();
  }
});
