import { describe, expect, it } from 'vitest';
import { clientIp, parseTrustedProxies, PEER_HEADER } from './request-meta';

const from = (headers: Record<string, string>) => (name: string) => headers[name] ?? null;
const policy = (proxies = '') => ({ trustPeerHeader: true, proxies: parseTrustedProxies(proxies) });

describe('clientIp', () => {
  it('uses the socket peer and ignores X-Forwarded-For and X-Real-IP from a peer that is not a trusted proxy', () => {
    const spoofed = { [PEER_HEADER]: '198.51.100.9', 'x-forwarded-for': '203.0.113.5', 'x-real-ip': '203.0.113.6' };
    expect(clientIp(from(spoofed), policy())).toBe('198.51.100.9');
    expect(clientIp(from(spoofed), policy('10.0.0.0/8'))).toBe('198.51.100.9');
    expect(clientIp(from({ [PEER_HEADER]: '::ffff:127.0.0.1' }), policy())).toBe('127.0.0.1');
    expect(clientIp(from({ [PEER_HEADER]: '::1' }), policy())).toBe('::1');
  });

  it('takes the nearest X-Forwarded-For hop that is not a trusted proxy when the peer is one', () => {
    const proxies = policy('10.0.0.0/8, 192.0.2.10, fd00::/8');
    expect(clientIp(from({ [PEER_HEADER]: '10.1.2.3', 'x-forwarded-for': '203.0.113.5' }), proxies)).toBe('203.0.113.5');
    // A client that writes its own X-Forwarded-For only adds hops further left, which are not read.
    expect(clientIp(from({ [PEER_HEADER]: '10.1.2.3', 'x-forwarded-for': '1.2.3.4, 203.0.113.5, 192.0.2.10' }), proxies)).toBe(
      '203.0.113.5',
    );
    expect(clientIp(from({ [PEER_HEADER]: 'fd00::1', 'x-forwarded-for': '2001:db8::7' }), proxies)).toBe('2001:db8::7');
    // Nothing forwarded, or something that is not an address: the proxy itself.
    expect(clientIp(from({ [PEER_HEADER]: '10.1.2.3' }), proxies)).toBe('10.1.2.3');
    expect(clientIp(from({ [PEER_HEADER]: '10.1.2.3', 'x-forwarded-for': 'evil' }), proxies)).toBe('10.1.2.3');
  });

  it('knows no address without the launcher’s peer header, whatever else the request says', () => {
    expect(clientIp(from({ 'x-forwarded-for': '203.0.113.5' }), policy('0.0.0.0/0'))).toBeNull();
    expect(
      clientIp(from({ [PEER_HEADER]: '10.1.2.3', 'x-forwarded-for': '203.0.113.5' }), { ...policy('0.0.0.0/0'), trustPeerHeader: false }),
    ).toBeNull();
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses and CIDR ranges, and names an entry that is neither', () => {
    const list = parseTrustedProxies(' 10.0.0.0/8 ,::1,, 192.0.2.1');
    expect(list.check('10.200.0.1', 'ipv4')).toBe(true);
    expect(list.check('11.0.0.1', 'ipv4')).toBe(false);
    expect(list.check('::1', 'ipv6')).toBe(true);
    expect(list.check('192.0.2.1', 'ipv4')).toBe(true);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('TRUSTED_PROXIES: "10.0.0.0/33" is not an IP address or CIDR range');
    expect(() => parseTrustedProxies('proxy.internal')).toThrow('"proxy.internal"');
    expect(() => parseTrustedProxies('10.0.0.0/8/1')).toThrow('"10.0.0.0/8/1"');
  });
});
