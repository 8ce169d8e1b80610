import { beforeAll, describe, expect, it } from 'vitest';
import { actingCookieValue, actingSetCookie, readActingCookie } from './acting';

const ADMIN = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';

beforeAll(() => {
  process.env.NEXTAUTH_SECRET ??= 'unit-test-secret-unit-test-secret';
});

describe('acting cookie', () => {
  it('round-trips for the admin it was issued to', () => {
    expect(readActingCookie(actingCookieValue(ADMIN, TENANT), ADMIN)).toBe(TENANT);
  });

  it('is refused for another admin, after expiry, or when altered', () => {
    const value = actingCookieValue(ADMIN, TENANT);
    expect(readActingCookie(value, '33333333-3333-4333-8333-333333333333')).toBeNull();
    expect(readActingCookie(value, ADMIN, Date.now() + 9 * 60 * 60 * 1000)).toBeNull();
    expect(readActingCookie(value.replace(TENANT, '44444444-4444-4444-8444-444444444444'), ADMIN)).toBeNull();
    expect(readActingCookie('garbage', ADMIN)).toBeNull();
    expect(readActingCookie(undefined, ADMIN)).toBeNull();
  });

  it('is HttpOnly and cleared with Max-Age=0', () => {
    expect(actingSetCookie('v')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=28800/);
    expect(actingSetCookie(null)).toMatch(/Max-Age=0/);
  });
});
