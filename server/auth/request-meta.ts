/**
 * The caller's address. Behind a proxy, the first X-Forwarded-For hop is the client (Next.js
 * sets it for direct connections too); otherwise X-Real-IP.
 */
export function clientIp(get: (name: string) => string | null): string | null {
  const forwarded = get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  const ip = first || get('x-real-ip') || null;
  // One address, one spelling: an IPv4 client seen through an IPv6 socket is still IPv4.
  return ip?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1') ?? null;
}
