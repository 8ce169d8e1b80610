import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie that says which tenant a superadmin has entered; signed and bound to that admin. */
export const ACTING_COOKIE = 'ao_acting_tenant';
const MAX_AGE_SECONDS = 8 * 60 * 60;

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (!value) throw new Error('NEXTAUTH_SECRET is not set.');
  return value;
}

function sign(payload: string): string {
  return createHmac('sha256', secret()).update(payload).digest('base64url');
}

export function actingCookieValue(adminId: string, tenantId: string, now = Date.now()): string {
  const payload = `${tenantId}.${adminId}.${Math.floor(now / 1000) + MAX_AGE_SECONDS}`;
  return `${payload}.${sign(payload)}`;
}

/** The tenant id the cookie names, if it is authentic, unexpired and issued to `adminId`. */
export function readActingCookie(value: string | undefined, adminId: string, now = Date.now()): string | null {
  if (!value) return null;
  const parts = value.split('.');
  if (parts.length !== 4) return null;
  const [tenantId, owner, expires, mac] = parts as [string, string, string, string];
  const expected = Buffer.from(sign(`${tenantId}.${owner}.${expires}`));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (owner !== adminId || Number(expires) * 1000 < now) return null;
  return tenantId;
}

export function actingSetCookie(value: string | null): string {
  const base = `${ACTING_COOKIE}=${value ?? ''}; Path=/; HttpOnly; SameSite=Lax`;
  const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ? '; Secure' : '';
  return value ? `${base}; Max-Age=${MAX_AGE_SECONDS}${secure}` : `${base}; Max-Age=0${secure}`;
}
