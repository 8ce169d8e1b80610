import { mkdirSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Browser } from '@playwright/test';
import { acceptInvitation, type RunAccount, signInAs, uniqueRun } from '../support/admin';
import { ACCOUNTS, signIn, SCREENSHOT_DIR, screenshotsIn } from '../support/auth';
import { trpcMutation, trpcQuery } from '../support/chat';

/**
 * Data subject requests in a workspace of their own (people are erased here): a member asks for
 * a copy of their data from the account menu; an admin records an erasure request for them,
 * the member confirms it is theirs, the admin approves it.
 */
test.describe.configure({ mode: 'serial' });

const run = uniqueRun();
const SHOTS = `${SCREENSHOT_DIR}/gdpr`;
const PASSWORD = `e2e-password-${run.id}`;
const admin: RunAccount = {
  workspace: run.slug,
  email: `admin-${run.id}@e2e.test`,
  password: PASSWORD,
  name: 'Greta Guardian',
  tenantName: run.tenantName,
  landing: 'overview',
};
const member: RunAccount = {
  workspace: run.slug,
  email: `member-${run.id}@e2e.test`,
  password: PASSWORD,
  name: 'Maya Member',
  tenantName: run.tenantName,
};

const shot = screenshotsIn(SHOTS);

async function signedIn(browser: Browser, account: RunAccount, landing?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, account, landing);
  return page;
}

test.beforeAll(async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  const root = await browser.newPage();
  await signIn(root, ACCOUNTS.superadmin);
  const created = await trpcMutation<{ invitation: { url: string } }>(root, 'tenants.create', {
    name: run.tenantName,
    slug: run.slug,
    adminEmail: admin.email,
  });
  await root.close();
  const page = await acceptInvitation(browser, created.invitation.url, admin);
  const roles = await trpcQuery<Array<{ id: string; name: string }>>(page, 'roles.list', undefined);
  await trpcMutation(page, 'users.create', {
    email: member.email,
    fullName: member.name,
    password: PASSWORD,
    roleIds: [roles.find((r) => r.name === 'editor')!.id],
  });
  await page.context().close();
});

test('[GDPR][SELF]: a member asks for a copy of their data from the account menu and follows it', async ({ browser }) => {
  const page = await signedIn(browser, member);
  try {
    await page.getByRole('button', { name: `Account menu for ${member.name}` }).click();
    await page.getByRole('menuitem', { name: /Your data and privacy/ }).click();
    await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/privacy$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Your data and privacy' })).toBeVisible();
    await page.getByRole('button', { name: 'Request a copy' }).click();
    const requests = page.getByRole('list', { name: 'Your requests' });
    await expect(requests.getByRole('listitem')).toHaveCount(1);
    await expect(requests).toContainText('Access request');
    await expect(requests).toContainText('Identity verified');
    await expect(requests).toContainText('Waiting for an admin to approve it.');
    await expect(page.getByRole('button', { name: 'Copy requested' })).toBeDisabled();
    await shot(page, 'privacy-page');
  } finally {
    await page.context().close();
  }
});

test('[GDPR][EXPORT]: the admin approves the member’s access request and the member downloads their export', async ({ browser }) => {
  const page = await signedIn(browser, admin, 'overview');
  try {
    await page.goto(`/t/${run.slug}/gdpr?type=access`);
    await page
      .getByRole('table', { name: 'Data subject requests' })
      .getByRole('link', { name: new RegExp(member.name) })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Access request: ${member.name} (${member.email})`);
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Completed' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/within the due date/)).toBeVisible();
    await shot(page, 'request-export-completed');
  } finally {
    await page.context().close();
  }

  const own = await signedIn(browser, member);
  try {
    await own.goto(`/t/${run.slug}/privacy`);
    const access = own.getByRole('listitem').filter({ hasText: 'Access request' });
    await expect(access).toContainText('Completed');
    const [download] = await Promise.all([own.waitForEvent('download'), access.getByRole('button', { name: 'Download export' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^data-export-${run.slug}-[0-9a-f]{8}\\.zip$`));
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'processing.json', 'README.html', 'data/profile.json']));
    const profile = JSON.parse(strFromU8(files['data/profile.json']!)) as Record<string, unknown>;
    expect(JSON.stringify(profile)).toContain(member.email);
    expect(strFromU8(files['README.html']!)).toContain(member.name);
    await shot(own, 'privacy-export-ready');
  } finally {
    await own.context().close();
  }
});

test('[GDPR][ERASURE]: an admin records an erasure request, the member confirms it, the admin approves it', async ({ browser }) => {
  const page = await signedIn(browser, admin, 'overview');
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'GDPR' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'GDPR requests' })).toBeVisible();
    // The member's own request is listed, due one month after it was received.
    const table = page.getByRole('table', { name: 'Data subject requests' });
    await expect(table.getByRole('row').filter({ hasText: member.email })).toContainText('Access');
    await shot(page, 'requests-list');

    await page.getByRole('button', { name: 'New request' }).click();
    const dialog = page.getByRole('dialog', { name: 'New request' });
    await dialog.getByLabel('Type').selectOption('erasure');
    await expect(dialog.getByText('Erase everything about them')).toBeVisible();
    await dialog.getByRole('button', { name: 'Record request' }).click();
    await expect(dialog.getByText('Search for the person and choose them in the list.')).toBeVisible();
    await dialog.getByLabel('Find the person').fill('Maya');
    await dialog.getByRole('radio', { name: member.name }).check();
    await dialog.getByLabel('Notes (optional)').fill('Asked by e-mail to the help desk.');
    await shot(page, 'new-request');
    await dialog.getByRole('button', { name: 'Record request' }).click();

    await expect(page).toHaveURL(new RegExp(`/t/${run.slug}/gdpr/[0-9a-f-]{36}$`));
    const requestUrl = page.url();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Erasure request: ${member.name} (${member.email})`);
    await expect(page.getByRole('heading', { name: '1. Verify who is asking' })).toBeVisible();
    await page.getByRole('button', { name: 'Send verification code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A code was sent' })).toBeVisible();
    await page.getByLabel('Code they read back').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /That code is not right; 4 tries left\./ })).toBeVisible();
    await shot(page, 'request-verify');

    // The member confirms it while signed in instead.
    const memberPage = await signedIn(browser, member);
    await memberPage.goto(`/t/${run.slug}/privacy`);
    const erasure = memberPage.getByRole('listitem').filter({ hasText: 'Erasure request' });
    await expect(erasure).toContainText('An admin recorded this request about you');
    await erasure.getByRole('button', { name: 'Confirm it is mine' }).click();
    await expect(erasure).toContainText('Waiting for an admin to approve it.');
    await memberPage.context().close();

    await page.goto(requestUrl);
    await expect(page.getByRole('heading', { name: '2. Decide' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Approve and erase' })).toBeDisabled();
    await page.getByRole('radio', { name: 'Keep them under the workspace' }).check();
    await shot(page, 'request-decide');
    await page.getByRole('button', { name: 'Approve and erase' }).click();
    // The erasure runs in the background; the page follows it to the certificate.
    await expect(page.getByRole('heading', { name: 'Completed' })).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Erasure request: Erased person ps/);
    await expect(page.getByText('Signature valid')).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(member.email);
    await shot(page, 'request-erasure-certificate');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download certificate' }).click(),
    ]);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).not.toContain(member.email);
    expect(file).not.toContain(member.name);
    // Anyone can check it on the public page, and it holds up.
    const verify = await page.request.post('/api/gdpr/certificates/verify', {
      data: file,
      headers: { 'content-type': 'application/json' },
    });
    expect(verify.status()).toBe(200);
    expect(await verify.json()).toMatchObject({ valid: true });

    // The member can no longer sign in.
    const gone = await (await browser.newContext()).newPage();
    await gone.goto('/sign-in');
    await gone.getByLabel('Workspace').fill(member.workspace);
    await gone.getByLabel('Email').fill(member.email);
    await gone.getByLabel('Password').fill(member.password);
    await gone.getByRole('button', { name: 'Sign in' }).click();
    await expect(gone.locator('form').getByRole('alert')).toBeVisible();
    await expect(gone).toHaveURL(/\/sign-in/);
    await gone.context().close();

    // The list at phone width.
    await page.goto(`/t/${run.slug}/gdpr`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('heading', { level: 1, name: 'GDPR requests' })).toBeVisible();
    await shot(page, 'requests-phone');
  } finally {
    await page.context().close();
  }
});
