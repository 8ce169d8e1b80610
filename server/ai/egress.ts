import 'server-only';
import dns from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

/**
 * Requests to a tenant's model provider, which sits at a URL the tenant chose: without care that
 * URL reaches this server's own network (a metadata service at 169.254.169.254, a database on
 * 10.0.0.5). The host is resolved once, every address it resolves to is checked, and the
 * connection goes to a checked address, so a DNS answer that changes between the check and the
 * connection (rebinding) cannot move it. Redirects are never followed.
 */

export type ResolvedAddress = { address: string; family: number };
/** Every address of a host name; injected in tests so no real DNS is asked. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;
/** Where a socket is opened: always a checked address; `servername` is the TLS SNI and identity. */
export type ConnectTarget = { address: string; family: number; port: number; tls: boolean; servername?: string };
export type Connect = (target: ConnectTarget) => net.Socket;
export type EgressOptions = {
  lookup?: Lookup;
  connect?: Connect;
  /** Comma-separated host names, IPs and CIDRs; the variable `allowList` names when omitted. */
  allowedHosts?: string;
  /** What the URL is, for the refusal's sentence ("The model address" by default, "The identity provider's address"). */
  subject?: string;
  /** The environment variable of the operator's allow-list (`MODEL_ALLOWED_HOSTS` by default). */
  allowList?: 'MODEL_ALLOWED_HOSTS' | 'SSO_ALLOWED_HOSTS';
};

const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

const openSocket: Connect = (target) =>
  target.tls
    ? tls.connect({ host: target.address, port: target.port, servername: target.servername, ALPNProtocols: ['http/1.1'] })
    : net.connect({ host: target.address, port: target.port });

/** The URL is not one this server will call; `message` says why, for the person who entered it. */
export class EgressRefusal extends Error {
  override name = 'EgressRefusal';
}

type Range = readonly [base: string, prefix: number];
type Kind = { label: string; v4?: Range[]; v6?: Range[] };

/**
 * What an address must not be, in the order a label is picked. Node's BlockList matches an IPv4
 * rule against the IPv4-mapped IPv6 form (::ffff:a.b.c.d) itself; the other IPv6 forms that carry
 * an IPv4 address (NAT64 64:ff9b::/96, 6to4 2002::/16, the deprecated IPv4-compatible ::/96) get
 * each IPv4 range added under their prefix.
 */
const KINDS: Kind[] = [
  {
    label: 'a loopback address (this server itself)',
    v4: [['127.0.0.0', 8]],
    v6: [['::1', 128]],
  },
  { label: 'an unspecified address', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  {
    label: 'a link-local address (where cloud metadata services answer)',
    v4: [['169.254.0.0', 16]],
    v6: [['fe80::', 10]],
  },
  {
    label: 'a private network address',
    v4: [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    // Unique local, the deprecated site-local, and NAT64's local-use prefix.
    v6: [
      ['fc00::', 7],
      ['fec0::', 10],
      ['64:ff9b:1::', 48],
    ],
  },
  { label: 'a carrier-grade NAT address (100.64.0.0/10)', v4: [['100.64.0.0', 10]] },
  { label: 'a multicast address', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  { label: 'a broadcast address', v4: [['255.255.255.255', 32]] },
  // IETF protocol assignments (192.0.0.192 is a cloud metadata service) and the reserved 240/4.
  {
    label: 'a reserved address',
    v4: [
      ['192.0.0.0', 24],
      ['240.0.0.0', 4],
    ],
  },
];

/** An IPv4 address as the two 16-bit groups of its IPv6 embeddings. */
function hextets(ipv4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const CLASSIFIER = KINDS.map((kind) => {
  const list = new net.BlockList();
  for (const [base, prefix] of kind.v4 ?? []) {
    list.addSubnet(base, prefix, 'ipv4');
    const [hi, lo] = hextets(base).split(':');
    list.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + prefix, 'ipv6');
    list.addSubnet(`::${hi}:${lo}`, 96 + prefix, 'ipv6');
    list.addSubnet(`2002:${hi}:${lo}::`, 16 + prefix, 'ipv6');
  }
  for (const [base, prefix] of kind.v6 ?? []) list.addSubnet(base, prefix, 'ipv6');
  return { label: kind.label, list };
});

/** Why `address` (an IP) may not be called, or null for a public address. */
export function addressKind(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) throw new TypeError(`not an IP address: ${address}`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return CLASSIFIER.find((c) => c.list.check(address, type))?.label ?? null;
}

type AllowList = { hosts: Set<string>; addresses: net.BlockList };

/** `MODEL_ALLOWED_HOSTS`: host names (all their addresses), IPs and CIDRs the operator allows. */
export function parseAllowedHosts(value: string | undefined): AllowList {
  const hosts = new Set<string>();
  const addresses = new net.BlockList();
  for (const raw of (value ?? '').split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (!entry) continue;
    const [ip = '', bits] = entry.split('/');
    const family = net.isIP(ip);
    const prefix = Number(bits);
    if (family && bits === undefined) addresses.addAddress(ip, family === 4 ? 'ipv4' : 'ipv6');
    else if (family && Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === 4 ? 32 : 128))
      addresses.addSubnet(ip, prefix, family === 4 ? 'ipv4' : 'ipv6');
    else if (/^[a-z0-9.-]+$/.test(entry)) hosts.add(entry.replace(/\.$/, ''));
    else console.warn(`MODEL_ALLOWED_HOSTS: ignoring "${raw.trim()}", neither a host name, an IP nor a CIDR`);
  }
  return { hosts, addresses };
}

/** The system resolver cannot be cancelled, but nobody has to wait for it past `signal`. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export type CheckedUrl = { url: URL; addresses: ResolvedAddress[] };

/**
 * Parses the model's base URL (WHATWG parsing turns 0x7f000001, 2130706433, 0177.0.0.1 and 127.1
 * into 127.0.0.1), resolves its host once and checks every address. Throws EgressRefusal with the
 * reason (or `signal`'s reason when it aborts the lookup); returns the addresses a connection may use.
 */
export async function checkModelUrl(raw: string, options: EgressOptions = {}, signal?: AbortSignal): Promise<CheckedUrl> {
  const subject = options.subject ?? 'The model address';
  const allowList = options.allowList ?? 'MODEL_ALLOWED_HOSTS';
  const askOperator = `Ask your platform operator to allow it (${allowList}).`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressRefusal(`${subject} is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressRefusal(`${subject} must start with http:// or https://.`);
  if (url.username || url.password)
    throw new EgressRefusal(
      `${subject} must not contain a user name or password: enter the ${allowList === 'MODEL_ALLOWED_HOSTS' ? 'key in the API key field' : 'client secret in its own field'}.`,
    );
  const allowed = parseAllowedHosts(options.allowedHosts ?? process.env[allowList]);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = net.isIP(host) !== 0;
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: net.isIP(host) }];
  } else {
    try {
      addresses = await untilAborted((options.lookup ?? systemLookup)(host), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      addresses = [];
    }
    if (addresses.length === 0) throw new EgressRefusal(`${subject}’s host ${host} could not be found (DNS).`);
  }
  if (!literal && allowed.hosts.has(host.replace(/\.$/, ''))) return { url, addresses };
  for (const { address, family } of addresses) {
    if (allowed.addresses.check(address, family === 6 ? 'ipv6' : 'ipv4')) continue;
    const kind = addressKind(address);
    if (!kind) continue;
    throw new EgressRefusal(
      literal ? `${subject} ${address} is ${kind}. ${askOperator}` : `${subject} ${host} resolves to ${address}, ${kind}. ${askOperator}`,
    );
  }
  return { url, addresses };
}

/** The connection failed before it was made: the next checked address may be tried. */
class NotConnected extends Error {}

export type EgressRequest = { method: 'POST' | 'GET'; path: string; headers: Record<string, string>; body?: string; signal?: AbortSignal };

/**
 * One HTTP request to a checked URL, connected only to its checked addresses (in order, the next
 * when one refuses the connection), with the Host header and TLS name of the URL. The response is
 * returned as it is, redirects included: the caller decides, and never follows them.
 */
export async function requestChecked(checked: CheckedUrl, request: EgressRequest, options: EgressOptions = {}): Promise<IncomingMessage> {
  const connect = options.connect ?? openSocket;
  const { url } = checked;
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const target = {
    port: Number(url.port) || (secure ? 443 : 80),
    tls: secure,
    // SNI carries host names only.
    servername: net.isIP(host) ? undefined : host,
  };
  let lastError: unknown;
  for (const { address, family } of checked.addresses) {
    try {
      return await new Promise<IncomingMessage>((resolve, reject) => {
        let connected = false;
        const req = http.request({
          method: request.method,
          path: `${url.pathname.replace(/\/$/, '')}${request.path}${url.search}`,
          headers: {
            ...request.headers,
            host: url.host,
            ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}),
          },
          signal: request.signal,
          createConnection: () => {
            const socket = connect({ ...target, address, family });
            socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
            return socket;
          },
        });
        req.once('response', resolve);
        req.once('error', (error) =>
          reject(connected || request.signal?.aborted ? error : new NotConnected(error.message, { cause: error })),
        );
        req.end(request.body);
      });
    } catch (error) {
      if (!(error instanceof NotConnected)) throw error;
      lastError = error.cause;
    }
  }
  throw lastError;
}
