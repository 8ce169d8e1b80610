import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS } from './security-headers';

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce: no unsafe-inline, no unsafe-eval in production', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123' }));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows eval only for the development build, and upgrades requests over HTTPS', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', dev: true })).get('script-src')).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: true })).has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('createNonce', () => {
  it('is 16 random bytes, different every time', () => {
    const a = createNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(createNonce()).not.toBe(a);
  });
});

describe('STATIC_SECURITY_HEADERS', () => {
  it('isolates the window and turns off powerful features', () => {
    const map = new Map(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value]));
    expect(map.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(map.get('Permissions-Policy')).toMatch(/camera=\(\).*microphone=\(\)/);
    expect(map.get('X-Frame-Options')).toBe('DENY');
  });
});
