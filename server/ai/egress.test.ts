import { describe, expect, it, vi } from 'vitest';
import { addressKind, checkModelUrl, EgressRefusal, type Lookup } from './egress';

/** A resolver for tests: fixed answers, and a failure for any name it was not told about. */
const fakeDns =
  (answers: Record<string, string[]>): Lookup =>
  async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const noDns: Lookup = () => {
  throw new Error('an IP address must not be looked up');
};

const refusal = async (url: string, options: Parameters<typeof checkModelUrl>[1] = {}) => {
  const error = await checkModelUrl(url, { lookup: noDns, allowedHosts: '', ...options }).then(
    () => null,
    (e: unknown) => e,
  );
  if (error && !(error instanceof EgressRefusal)) throw error;
  return error instanceof EgressRefusal ? error.message : null;
};

describe('addressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fec0::1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.192', 'reserved'],
    // IPv4-mapped IPv6, dotted and in hex
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    // NAT64 (64:ff9b::/96) and its local-use prefix
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::8.8.8.8', 'private'],
    // 6to4 (2002:AABB:CCDD::/48 carries AA.BB.CC.DD)
    ['2002:7f00:1::', 'loopback'],
    ['2002:a00:5::1', 'private'],
    ['2002:c0a8:101::', 'private'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    // The deprecated IPv4-compatible form
    ['::7f00:1', 'loopback'],
    ['::a00:5', 'private'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toContain(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '169.253.255.255',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::',
  ])('%s is public', (address) => {
    expect(addressKind(address)).toBeNull();
  });
});

describe('checkModelUrl', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private network address'],
    ['http://127.0.0.1:11434/v1', '127.0.0.1 is a loopback address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://0x7f000001/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://127.1/', '127.0.0.1 is a loopback address'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254 is a link-local address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is a loopback address'],
    ['http://[::ffff:7f00:1]/', '::ffff:7f00:1 is a loopback address'],
    ['http://[64:ff9b::10.0.0.1]/', '64:ff9b::a00:1 is a private network address'],
    ['http://[2002:a9fe:a9fe::]/', '2002:a9fe:a9fe:: is a link-local address'],
    ['http://[fd12:3456::1]/', 'is a private network address'],
    ['http://[fe80::1]/', 'is a link-local address'],
    ['http://0.0.0.0:8080/', '0.0.0.0 is an unspecified address'],
    ['http://[::]/', ':: is an unspecified address'],
    ['http://255.255.255.255/', 'is a broadcast address'],
    ['http://224.0.0.251/', 'is a multicast address'],
    ['http://100.100.100.200/', 'is a carrier-grade NAT address'],
    ['https://172.20.1.1:8443/v1', 'is a private network address'],
  ])('refuses %s', async (url, reason) => {
    const message = await refusal(url);
    expect(message).toContain(reason);
    expect(message).toContain('Ask your platform operator to allow it (MODEL_ALLOWED_HOSTS).');
  });

  it('refuses other schemes and credentials in the URL', async () => {
    expect(await refusal('ftp://8.8.8.8/')).toBe('The model address must start with http:// or https://.');
    expect(await refusal('file:///etc/passwd')).toBe('The model address must start with http:// or https://.');
    expect(await refusal('https://user:secret@8.8.8.8/v1')).toMatch(/must not contain a user name or password/);
    expect(await refusal('https://token@8.8.8.8/v1')).toMatch(/must not contain a user name or password/);
    expect(await refusal('not a url')).toBe('The model address is not a valid URL.');
  });

  it('checks every address a host name resolves to, names it, and refuses a name that does not resolve', async () => {
    const lookup = fakeDns({
      'internal.example': ['10.1.2.3'],
      'mixed.example': ['203.0.113.10', '192.168.0.7'],
      'v6.example': ['2606:4700::1', '::ffff:169.254.169.254'],
      'api.example.com': ['203.0.113.10', '2001:db8::10'],
    });
    expect(await refusal('https://internal.example/v1', { lookup })).toBe(
      'The model address internal.example resolves to 10.1.2.3, a private network address. Ask your platform operator to allow it (MODEL_ALLOWED_HOSTS).',
    );
    expect(await refusal('https://mixed.example/v1', { lookup })).toMatch(/resolves to 192\.168\.0\.7, a private network address/);
    expect(await refusal('https://v6.example/v1', { lookup })).toMatch(/resolves to ::ffff:169\.254\.169\.254, a link-local address/);
    expect(await refusal('https://nowhere.example/v1', { lookup })).toMatch(/host nowhere\.example could not be found/);
    const checked = await checkModelUrl('https://api.example.com/v1', { lookup, allowedHosts: '' });
    expect(checked.addresses.map((a) => a.address)).toEqual(['203.0.113.10', '2001:db8::10']);
  });

  it('lets the operator allow host names, addresses and CIDRs (MODEL_ALLOWED_HOSTS)', async () => {
    const lookup = fakeDns({
      localhost: ['::1', '127.0.0.1'],
      'localhost.': ['::1', '127.0.0.1'],
      'ollama.internal': ['10.1.2.3'],
      'other.internal': ['10.9.9.9'],
    });
    const allowedHosts = 'localhost, 10.1.0.0/16, [fd00::1], 192.168.1.20';
    expect(await refusal('http://localhost:11434/v1', { lookup, allowedHosts })).toBeNull();
    expect(await refusal('http://LOCALHOST.:11434/v1', { lookup, allowedHosts })).toBeNull();
    expect(await refusal('http://ollama.internal/v1', { lookup, allowedHosts })).toBeNull();
    expect(await refusal('http://10.1.200.1/v1', { lookup, allowedHosts })).toBeNull();
    expect(await refusal('http://[fd00::1]/v1', { lookup, allowedHosts })).toBeNull();
    expect(await refusal('http://192.168.1.20/v1', { lookup, allowedHosts })).toBeNull();
    // Allowing one address or name allows only that one.
    expect(await refusal('http://other.internal/v1', { lookup, allowedHosts })).toMatch(/10\.9\.9\.9, a private network address/);
    expect(await refusal('http://192.168.1.21/v1', { lookup, allowedHosts })).toMatch(/private network address/);
    expect(await refusal('http://127.0.0.1/v1', { lookup, allowedHosts })).toMatch(/loopback/);
    // An allowed IP covers that IP however it is written, but a name resolving beyond it is refused.
    expect(await refusal('http://0x7f000001/', { allowedHosts: '127.0.0.1' })).toBeNull();
    expect(await refusal('http://localhost/', { lookup, allowedHosts: '127.0.0.1' })).toMatch(
      /localhost resolves to ::1, a loopback address/,
    );
  });

  it('stops waiting for a resolver that never answers when the signal aborts', async () => {
    const controller = new AbortController();
    const hanging: Lookup = () => new Promise(() => undefined);
    const check = checkModelUrl('https://slow.example/v1', { lookup: hanging, allowedHosts: '' }, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(check).rejects.toThrow('gave up');
  });

  it('reads MODEL_ALLOWED_HOSTS at every check and ignores entries it cannot read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubEnv('MODEL_ALLOWED_HOSTS', '10.0.0.0/33, not a host!, 10.0.0.7');
    try {
      expect(await checkModelUrl('http://10.0.0.7/v1', { lookup: noDns })).toMatchObject({ addresses: [{ address: '10.0.0.7' }] });
      await expect(checkModelUrl('http://10.0.0.8/v1', { lookup: noDns })).rejects.toThrow(/private network address/);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('ignoring "10.0.0.0/33"'));
      vi.stubEnv('MODEL_ALLOWED_HOSTS', '');
      await expect(checkModelUrl('http://10.0.0.7/v1', { lookup: noDns })).rejects.toThrow(/private network address/);
    } finally {
      vi.unstubAllEnvs();
      warn.mockRestore();
    }
  });
});
