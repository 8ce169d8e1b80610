import { type Browser, expect, type Locator, type Page } from '@playwright/test';
import { SCREENSHOT_DIR } from './auth';

export const ADMIN_SCREENSHOT_DIR = `${SCREENSHOT_DIR}/admin`;

/**
 * A full-page screenshot under test-results/screenshots/admin/. Scrolled to the top first: the
 * sticky header and sidebar would otherwise be drawn at the scroll position, mid-image.
 */
export async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ADMIN_SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** Identifiers unique to one run, so the story can be replayed against a long-lived server. */
export function uniqueRun() {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296)
    .toString(36)
    .padStart(2, '0')}`;
  return { id, tenantName: `E2E Admin ${id}`, slug: `e2e-admin-${id}` };
}

/** An account created during the run (not one of the demo seed's). */
export type RunAccount = {
  workspace: string;
  email: string;
  password: string;
  name: string;
  tenantName: string;
  /** The section they land on after signing in (Documents unless said). */
  landing?: string;
};

/** The one-time secret of a CopyField (invitation link, API key) inside `scope`. */
export async function readCopyField(scope: Locator | Page, label: string): Promise<string> {
  const field = scope.getByRole('textbox', { name: label, exact: true });
  await expect(field).toBeVisible();
  await expect(field).toHaveAttribute('readonly', '');
  const value = await field.inputValue();
  expect(value, `${label} is filled`).not.toBe('');
  return value;
}

/** The one open modal dialog with this title. */
export function dialog(page: Page, title: string | RegExp) {
  return page.getByRole('dialog', { name: title });
}

/** Fills the sign-in form (no prefill assumed) and waits for the account's first section. */
export async function signInAs(page: Page, account: RunAccount, landing = account.landing ?? 'documents') {
  await page.goto('/sign-in');
  await page.getByLabel('Workspace').fill(account.workspace);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${account.workspace}/${landing}$`), { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText(account.tenantName);
}

/**
 * Opens an invitation link in a fresh browser context (nobody signed in), accepts it, follows
 * "Sign in" to the prefilled form, types the password and lands in the workspace. Returns the
 * signed-in page; the caller closes its context.
 */
export async function acceptInvitation(
  browser: Browser,
  link: string,
  account: RunAccount,
  options: { screenshot?: string } = {},
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: `Join ${account.tenantName}` })).toBeVisible();
  await expect(page.getByText(`You were invited as ${account.email}`)).toBeVisible();

  await page.getByLabel('Full name').fill(account.name);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByLabel('Confirm password').fill(account.password);
  if (options.screenshot) await shot(page, options.screenshot);
  await page.getByRole('button', { name: 'Accept invitation' }).click();

  const done = page.getByRole('main').getByRole('status');
  await expect(done.getByRole('heading', { name: 'You’re in' })).toBeVisible();
  await expect(done).toContainText(`Your account in ${account.tenantName} is ready`);
  await done.getByRole('link', { name: 'Sign in' }).click();

  // The sign-in form arrives with the workspace and email filled in; only the password is left.
  await expect(page).toHaveURL(/\/sign-in\?/);
  await expect(page.getByLabel('Workspace')).toHaveValue(account.workspace);
  await expect(page.getByLabel('Email')).toHaveValue(account.email);
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${account.workspace}/${account.landing ?? 'documents'}$`), { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText(account.tenantName);
  return page;
}

/**
 * Picks `action` in the audit log's Action filter and checks that the table then lists only that
 * action, at least once. Returns the rows.
 */
export async function filterAuditByAction(page: Page, action: string) {
  const main = page.getByRole('main');
  await main.getByLabel('Action', { exact: true }).selectOption(action);
  const table = main.getByRole('table', { name: 'Audit log entries, newest first' });
  const actionCells = table.locator('tbody tr td:nth-child(3)');
  await expect(actionCells.first()).toHaveText(action);
  // The list's wrapper (table on wide screens, cards on phones) carries aria-busy, as on the documents page.
  await expect(table.locator('xpath=ancestor::div[@aria-busy][1]')).toHaveAttribute('aria-busy', 'false');
  const shown = new Set((await actionCells.allTextContents()).map((t) => t.trim()));
  expect([...shown], `only ${action} entries are listed`).toEqual([action]);
  return table.locator('tbody tr');
}
