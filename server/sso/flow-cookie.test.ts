import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLOW_TTL_SECONDS, flowCookieHeader, openFlow, sealFlow } from './flow-cookie';

const flow = {
  state: 's'.repeat(43),
  nonce: 'n'.repeat(43),
  verifier: 'v'.repeat(43),
  tenantId: randomUUID(),
  slug: 'acme',
  mode: 'sign-in' as const,
  testerId: null,
  configStamp: 1,
};

describe('SSO flow cookie', () => {
  it('opens what it sealed', () => {
    expect(openFlow(sealFlow(flow))).toMatchObject(flow);
  });

  it('refuses an altered, foreign or expired cookie', () => {
    const sealed = sealFlow(flow);
    const [iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(openFlow(`${iv}.${tag}.${flipped.toString('base64url')}`)).toBeNull();
    expect(openFlow('garbage')).toBeNull();
    expect(openFlow(undefined)).toBeNull();
    expect(openFlow(sealed, Date.now() + FLOW_TTL_SECONDS * 1000 + 1)).toBeNull();
  });

  it('is HttpOnly, SameSite=Lax, scoped to the SSO routes, and cleared with Max-Age=0', () => {
    expect(flowCookieHeader('x')).toMatch(/^ao-sso-flow=x; Path=\/api\/auth\/sso; Max-Age=600; HttpOnly; SameSite=Lax/);
    expect(flowCookieHeader(null)).toContain('Max-Age=0');
  });
});
