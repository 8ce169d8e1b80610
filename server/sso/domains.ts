/**
 * E-mail domains an SSO workspace accepts. Pure: used when saving the settings and at every
 * sign-in. A domain matches exactly (no subdomains): `example.com` does not admit
 * `evil.example.com`, which someone else may control.
 */

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `@Example.COM ` → `example.com`; null for anything that is not a domain name. */
export function normalizeDomain(raw: string): string | null {
  const domain = raw.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return DOMAIN.test(domain) ? domain : null;
}

/** The domain of an address (after the last @), lower-cased; null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return null;
  return normalizeDomain(email.slice(at + 1));
}

export function isAllowedEmail(email: string, allowed: readonly string[]): boolean {
  const domain = emailDomain(email);
  return domain !== null && allowed.includes(domain);
}
