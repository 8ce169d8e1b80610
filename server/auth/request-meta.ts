import { BlockList, isIP } from 'node:net';
import type { RequestMeta } from './types';

/**
 * The address of the socket a request came in on, set by the launcher's HTTP server
 * (server/cli/next-server.ts) on every request: whatever a client sent under this name is
 * overwritten. Next.js shows route handlers no socket, and its own `X-Forwarded-For` keeps the
 * value a client sent, so this header is the only peer address the app can trust.
 */
export const PEER_HEADER = 'x-agenticomni-peer';

type AddressPolicy = {
  /** True when the launcher sets PEER_HEADER (it sets TRUST_PEER_HEADER=1 for the app it starts). */
  trustPeerHeader: boolean;
  /** TRUSTED_PROXIES: peers whose `X-Forwarded-For` is believed. */
  proxies: BlockList;
};

/** One address, one spelling: an IPv4 client seen through an IPv6 socket is still IPv4. */
function normalise(address: string | null | undefined): string | null {
  const trimmed = address?.trim();
  if (!trimmed) return null;
  return trimmed.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/**
 * TRUSTED_PROXIES: comma-separated addresses and CIDR ranges (`10.0.0.0/8, ::1`). An entry that is
 * neither is an error, so a typo never silently trusts nobody (or everybody).
 */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? null : Number(prefix);
    const max = family === 4 ? 32 : 128;
    if (!family || rest.length || (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= max && /^\d+$/.test(prefix!)))) {
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (such as 10.0.0.0/8).`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === null) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

let cached: { key: string; policy: AddressPolicy } | undefined;

function policyFromEnv(): AddressPolicy {
  const key = `${process.env.TRUST_PEER_HEADER ?? ''}|${process.env.TRUSTED_PROXIES ?? ''}`;
  if (cached?.key !== key) {
    cached = {
      key,
      policy: { trustPeerHeader: process.env.TRUST_PEER_HEADER === '1', proxies: parseTrustedProxies(process.env.TRUSTED_PROXIES) },
    };
  }
  return cached.policy;
}

function isTrusted(proxies: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The caller's address: the socket peer, or, when that peer is a trusted proxy, the nearest
 * `X-Forwarded-For` hop that is not itself a trusted proxy (read from the right, as each proxy
 * appends; anything a client wrote further left is ignored). Without the launcher's peer header
 * the address is unknown (null): a header a client could have written is never taken instead.
 */
export function clientIp(get: (name: string) => string | null, policy: AddressPolicy = policyFromEnv()): string | null {
  const peer = policy.trustPeerHeader ? normalise(get(PEER_HEADER)) : null;
  if (!peer || !isTrusted(policy.proxies, peer)) return peer;
  const hops = (get('x-forwarded-for') ?? '').split(',').map(normalise);
  let address = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (!hop || !isIP(hop)) break;
    address = hop;
    if (!isTrusted(policy.proxies, hop)) break;
  }
  return address;
}

/** Who sent a request, as the audit log records it: address, user agent and correlation id. */
export function requestMetaOf(headers: Headers): RequestMeta {
  return {
    ip: clientIp((name) => headers.get(name)),
    userAgent: headers.get('user-agent'),
    correlationId: headers.get('x-correlation-id'),
  };
}
