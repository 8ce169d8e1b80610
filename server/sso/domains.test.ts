import { describe, expect, it } from 'vitest';
import { emailDomain, isAllowedEmail, normalizeDomain } from './domains';

describe('SSO e-mail domains', () => {
  it('normalises what an admin types', () => {
    expect(normalizeDomain(' @Example.COM. ')).toBe('example.com');
    expect(normalizeDomain('sub.example.co.uk')).toBe('sub.example.co.uk');
  });

  it('refuses what is not a domain', () => {
    for (const bad of ['', 'localhost', 'exa mple.com', 'example', '-bad.com', 'a@b.com', 'http://x.com']) {
      expect(normalizeDomain(bad)).toBeNull();
    }
  });

  it('reads the domain after the last @', () => {
    expect(emailDomain('Ann@Example.com')).toBe('example.com');
    expect(emailDomain('"a@b"@example.org')).toBe('example.org');
    expect(emailDomain('no-at-sign')).toBeNull();
    expect(emailDomain('trailing@')).toBeNull();
  });

  it('matches domains exactly, never their subdomains or look-alikes', () => {
    const allowed = ['example.com'];
    expect(isAllowedEmail('ann@example.com', allowed)).toBe(true);
    expect(isAllowedEmail('ann@EXAMPLE.com', allowed)).toBe(true);
    expect(isAllowedEmail('ann@evil.example.com', allowed)).toBe(false);
    expect(isAllowedEmail('ann@example.com.evil.org', allowed)).toBe(false);
    expect(isAllowedEmail('ann@notexample.com', allowed)).toBe(false);
  });
});
