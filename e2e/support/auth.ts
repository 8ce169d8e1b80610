import { mkdirSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

/** The demo seed (server/cli/seed.ts): one password for every account. */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || 'demo-password-1';

export const SCREENSHOT_DIR = 'test-results/screenshots';

/**
 * A full-page screenshot taker for one directory. Scrolled to the top first: the sticky header
 * and sidebar would otherwise be drawn at the scroll position, mid-image.
 */
export function screenshotsIn(dir: string) {
  return async (page: Page, name: string) => {
    mkdirSync(dir, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
  };
}

const ADMIN_NAV = ['Overview', 'Documents', 'Chat', 'Users & roles', 'Usage', 'GDPR', 'Evaluations', 'Audit log', 'Settings'];
const EDITOR_NAV = ['Documents', 'Chat', 'Usage', 'Evaluations'];
const VIEWER_NAV = ['Documents', 'Chat', 'Usage'];

export type DemoAccount = {
  key: string;
  label: string;
  /** What the account is, for test titles: superadmin, admin, editor, viewer. */
  role: string;
  workspace: string;
  email: string;
  name: string;
  contextName: string;
  landing: RegExp;
  nav: string[];
};

const tenant = (slug: string, tenantName: string, role: 'admin' | 'editor' | 'viewer'): DemoAccount => ({
  key: `${slug}-${role}`,
  label: `${role} of ${slug}`,
  role,
  workspace: slug,
  email: `${role}@${slug}.test`,
  name: `${tenantName.split(' ')[0]} ${role[0]!.toUpperCase()}${role.slice(1)}`,
  contextName: tenantName,
  // Those who run the workspace land on its overview; everyone else on their documents.
  landing: new RegExp(`/t/${slug}/${role === 'admin' ? 'overview' : 'documents'}$`),
  nav: role === 'admin' ? ADMIN_NAV : role === 'editor' ? EDITOR_NAV : VIEWER_NAV,
});

export const ACCOUNTS = {
  superadmin: {
    key: 'superadmin',
    label: 'superadmin',
    role: 'superadmin',
    workspace: '',
    email: 'superadmin@demo.local',
    name: 'Demo Superadmin',
    contextName: 'Superadmin',
    landing: /\/admin\/tenants$/,
    nav: ['Tenants', 'Usage', 'Prices', 'Audit log', 'Outbox'],
  },
  acmeAdmin: tenant('acme', 'Acme Corporation', 'admin'),
  acmeEditor: tenant('acme', 'Acme Corporation', 'editor'),
  acmeViewer: tenant('acme', 'Acme Corporation', 'viewer'),
  globexAdmin: tenant('globex', 'Globex Industries', 'admin'),
  globexEditor: tenant('globex', 'Globex Industries', 'editor'),
  globexViewer: tenant('globex', 'Globex Industries', 'viewer'),
} satisfies Record<string, DemoAccount>;

/** Fills the sign-in form and submits it; does not wait for the outcome. */
export async function submitSignIn(page: Page, account: Pick<DemoAccount, 'workspace' | 'email'>, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Workspace').fill(account.workspace);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits for the account's landing page with its console shell. */
export async function signIn(page: Page, account: DemoAccount) {
  await submitSignIn(page, account);
  await expect(page).toHaveURL(account.landing, { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText(account.contextName);
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Signs out through the user menu and waits for the sign-in page. */
export async function signOut(page: Page, account: Pick<DemoAccount, 'name'>) {
  await page.getByRole('button', { name: `Account menu for ${account.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}
