/**
 * The caller's address. Behind a proxy, the first X-Forwarded-For hop is the client (Next.js
 * sets it for direct connections too); otherwise X-Real-IP.
 */
export function clientIp(get: (name: string) => string | null): string | null {
  const forwarded = get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || get('x-real-ip') || null;
}
