import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { signInAtProvider, startTestProvider, type TestProvider } from '../../test/oidc/provider';
import { acceptInvitation, dialog, readCopyField, type RunAccount } from '../support/admin';
import { ACCOUNTS, screenshotsIn, signIn } from '../support/auth';

/**
 * Single sign-on as an IT admin would try it: a new workspace's admin points it at an OpenID
 * Connect provider (a real oidc-provider on 127.0.0.1), runs Test sign-in through the provider's
 * login form, and a colleague signs in with "Continue with …" and is provisioned as a viewer.
 * The steps build on each other, so the file runs in order.
 */
test.describe.configure({ mode: 'serial' });

const shot = screenshotsIn('test-results/screenshots/auth');
const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const slug = `e2e-sso-${id}`;
const tenantName = `E2E SSO ${id}`;
const domain = `${slug}.example`;
const admin: RunAccount = {
  workspace: slug,
  email: `admin@${domain}`,
  password: `e2e-password-${id}`,
  name: 'Ida Admin',
  tenantName,
  landing: 'overview',
};
const SECRET = `client-secret-${id}-0123456789`;

let idp: TestProvider;
/** The admin's signed-in page, kept across steps. */
let adminPage: Page;

/**
 * The Single sign-on card alone. Taken from a full-page image at scroll 0, so the sticky header
 * (drawn at the top) never covers it, as it would in an element screenshot of a tall card.
 */
async function shotCard(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator('#single-sign-on').boundingBox();
  if (!box) throw new Error('the Single sign-on card is not on the page');
  await page.screenshot({ path: `test-results/screenshots/auth/${name}.png`, fullPage: true, clip: box });
}

/** The provider's page pulls a web font from the internet; tests stay on this machine. */
async function stayLocal(context: BrowserContext) {
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
}

/** The provider's dev login form, then its consent screen, as a person clicks through them. */
async function loginAtProvider(page: Page, login: string) {
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test.beforeAll(async ({ baseURL }) => {
  idp = await startTestProvider(
    [{ clientId: `console-${id}`, clientSecret: SECRET, redirectUris: [`${baseURL}/api/auth/sso/${slug}/callback`] }],
    {
      admin: { email: admin.email, name: 'Ida Admin' },
      newcomer: { email: `nina@${domain}`, name: 'Nina Newcomer' },
    },
  );
});

test.afterAll(async () => {
  await adminPage?.context().close();
  await idp?.stop();
});

test('[SSO][SETUP]: a new workspace’s admin configures single sign-on', async ({ page, browser }) => {
  await signIn(page, ACCOUNTS.superadmin);
  await page.getByRole('button', { name: 'New tenant' }).click();
  const form = dialog(page, 'New tenant');
  await form.getByLabel('Name', { exact: true }).fill(tenantName);
  await form.getByLabel('Slug').fill(slug);
  await form.getByLabel('First admin email').fill(admin.email);
  await form.getByRole('button', { name: 'Create tenant' }).click();
  const created = dialog(page, 'Tenant created');
  const invitation = await readCopyField(created, 'Invitation link');

  adminPage = await acceptInvitation(browser, invitation, admin);
  await stayLocal(adminPage.context());
  await adminPage.goto(`/t/${slug}/settings`);
  const card = adminPage.locator('#single-sign-on');
  await expect(card.getByRole('heading', { name: 'Single sign-on' })).toBeVisible();
  await expect(card.getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(new RegExp(`/api/auth/sso/${slug}/callback$`));
  // Passwords cannot be turned off before a test has succeeded.
  await expect(card.getByRole('checkbox', { name: /Passwords remain allowed/ })).toBeDisabled();

  await card.getByLabel('Name on the sign-in button').fill('Local IdP');
  await card.getByLabel('Issuer URL').fill(idp.issuer);
  await card.getByLabel('Client ID').fill(`console-${id}`);
  await card.getByLabel('Client secret').fill(SECRET);
  await card.getByLabel('Allowed e-mail domains').fill(domain);
  await card.getByLabel('People signing in for the first time').selectOption({ label: 'Add them as viewer' });
  await card.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(adminPage.getByText('Single sign-on saved. Run a Test sign-in next.')).toBeVisible();
  await expect(card.getByLabel('Client secret')).toHaveValue('');
  await expect(card.getByText('Saved and encrypted.', { exact: false })).toBeVisible();
  await expect(card.getByRole('status').filter({ hasText: 'Not tested with these settings yet.' })).toBeVisible();
  await shotCard(adminPage, 'sso-01-settings-card-desktop');
});

test('[SSO][TEST]: Test sign-in runs the flow through the provider and reports who would sign in', async () => {
  const card = adminPage.locator('#single-sign-on');
  await card.getByRole('link', { name: 'Test sign-in' }).click();
  await loginAtProvider(adminPage, 'admin');
  await expect(adminPage).toHaveURL(new RegExp(`/t/${slug}/settings\\?sso_test=1#single-sign-on$`));
  const result = adminPage.locator('#single-sign-on').getByRole('status').filter({ hasText: 'Test sign-in' });
  await expect(result).toContainText(
    `Test sign-in succeeded: the provider says ${admin.email} (verified); they would sign in as Ida Admin.`,
  );
  // Now passwords may be turned off; this story keeps them.
  await expect(adminPage.locator('#single-sign-on').getByRole('checkbox', { name: /Passwords remain allowed/ })).toBeEnabled();
  await shotCard(adminPage, 'sso-02-settings-card-tested-desktop');
  // On a phone, what the admin sees: the card's top under the sticky header, then its buttons.
  await adminPage.setViewportSize({ width: 390, height: 844 });
  await card.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await adminPage.screenshot({ path: 'test-results/screenshots/auth/sso-03-settings-card-phone-top.png' });
  await card.getByRole('button', { name: 'Save single sign-on' }).evaluate((element) => element.scrollIntoView({ block: 'end' }));
  await adminPage.screenshot({ path: 'test-results/screenshots/auth/sso-03-settings-card-phone-bottom.png' });
  await adminPage.setViewportSize({ width: 1280, height: 800 });
});

test('[SSO][SIGN_IN]: a colleague signs in with “Continue with …” and is added as a viewer', async ({ page }) => {
  await stayLocal(page.context());
  await page.goto(`/t/${slug}/sign-in`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?workspace=${slug}$`));
  await expect(page.getByLabel('Workspace')).toHaveValue(slug);
  const continueWith = page.getByRole('link', { name: 'Continue with Local IdP' });
  await expect(continueWith).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await shot(page, 'sso-04-sign-in-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'sso-05-sign-in-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await continueWith.click();
  await loginAtProvider(page, 'newcomer');
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/documents$`), { timeout: 30_000 });
  await expect(page.getByTestId('context-name')).toHaveText(tenantName);
  await expect(page.getByRole('button', { name: 'Account menu for Nina Newcomer' })).toBeVisible();
});

test('[SSO][REFUSED]: an address the provider vouches for at another domain is refused with a sentence', async ({ page }) => {
  idp.accounts.set('stranger', { email: 'sam@elsewhere.example' });
  await stayLocal(page.context());
  await page.goto(`/sign-in?workspace=${slug}`);
  await page.getByRole('link', { name: 'Continue with Local IdP' }).click();
  await loginAtProvider(page, 'stranger');
  await expect(page).toHaveURL(/\/sign-in\?workspace=.*sso_error=domain_not_allowed/);
  await expect(page.getByRole('alert').filter({ hasText: 'E-mail addresses' })).toHaveText(
    'E-mail addresses at your domain may not sign in to this workspace. Ask an admin of your workspace.',
  );
  await expect(page.getByRole('link', { name: 'Continue with Local IdP' })).toBeVisible();
  await shot(page, 'sso-06-sign-in-refused');
});

test('[SSO][PASSWORDS_OFF]: after a successful test the admin turns passwords off, and the sign-in page offers only the provider', async ({
  page,
}) => {
  const card = adminPage.locator('#single-sign-on');
  await card.getByRole('checkbox', { name: /Passwords remain allowed/ }).uncheck();
  await card.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(adminPage.getByText('Single sign-on saved.', { exact: true })).toBeVisible();
  await expect(card.getByRole('checkbox', { name: /Passwords remain allowed/ })).not.toBeChecked();

  await stayLocal(page.context());
  await page.goto(`/t/${slug}/sign-in`);
  await expect(page.getByText('This workspace signs in with Local IdP only.')).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await shot(page, 'sso-07-sign-in-sso-only-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, 'sso-08-sign-in-sso-only-phone');
});

test('[SSO][HTTP]: the provider is driven over HTTP too (no browser), with an unknown workspace answering like one without SSO', async ({
  request,
  baseURL,
}) => {
  expect(await (await request.get(`/api/auth/sso/${slug}`)).json()).toEqual({ sso: { displayName: 'Local IdP' }, passwordsAllowed: false });
  expect(await (await request.get('/api/auth/sso/no-such-workspace-here')).json()).toEqual({ sso: null, passwordsAllowed: true });
  const start = await request.get(`/api/auth/sso/${slug}/start`, { maxRedirects: 0 });
  expect(start.status()).toBe(303);
  const callback = await signInAtProvider(new URL(start.headers().location!), 'newcomer', `${baseURL}/api/auth/sso/${slug}/callback`);
  expect(callback.searchParams.get('code')).toBeTruthy();
});
