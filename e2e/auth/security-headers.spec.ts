import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn } from '../support/auth';

/** Every Content-Security-Policy report the page raises (the browser logs each one as an error). */
function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

test('[AUTH][HEADERS]: pages carry a nonce-based policy and the isolation headers, and work under it', async ({ page }) => {
  const violations = watchViolations(page);
  const response = await page.goto('/sign-in');
  const headers = response!.headers();
  const policy = headers['content-security-policy'] ?? '';
  const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src ')) ?? '';
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['permissions-policy']).toContain('camera=()');
  // Served over plain http here: no HSTS (browsers ignore it there, and it must not be promised).
  expect(headers['strict-transport-security']).toBeUndefined();

  // A fresh nonce per page.
  const again = (await page.request.get('/sign-in')).headers()['content-security-policy'];
  expect(again).not.toBe(policy);

  // The app hydrates and runs under the policy: sign in, move through the admin's sections.
  await signIn(page, ACCOUNTS.acmeAdmin);
  for (const [section, path] of [
    ['Chat', 'chat'],
    ['Users & roles', 'users'],
    ['Audit log', 'audit'],
    ['Settings', 'settings'],
    ['Documents', 'documents'],
  ]) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
    await expect(page).toHaveURL(new RegExp(`/t/acme/${path}`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test('[AUTH][HEADERS]: markup injected into a page cannot run script', async ({ page }) => {
  await signIn(page, ACCOUNTS.acmeViewer);
  const blocked = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; directive: string }>((resolve) => {
        const w = window as unknown as { __injected?: boolean };
        document.addEventListener('securitypolicyviolation', (e) => resolve({ ran: !!w.__injected, directive: e.effectiveDirective }), {
          once: true,
        });
        const holder = document.createElement('div');
        // What a stored-XSS payload would look like if it ever reached the DOM unescaped.
        holder.innerHTML = '<img src="data:," onerror="window.__injected = true">';
        document.body.append(holder);
      }),
  );
  expect(blocked).toEqual({ ran: false, directive: 'script-src-attr' });
});
