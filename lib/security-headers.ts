/**
 * The console's response headers that protect the browser side: a Content-Security-Policy whose
 * scripts need the request's nonce, and the isolation headers every response carries. Pure, so
 * the proxy, next.config and the tests build them the same way.
 */

export type PolicyOptions = { nonce: string; dev?: boolean; https?: boolean };

/**
 * Scripts: only Next.js's own chunks and inline bootstraps carrying the nonce ('strict-dynamic'
 * lets those load their chunks). Styles keep 'unsafe-inline': Radix and sonner set style
 * attributes at run time, which a nonce cannot cover, and CSS cannot run code.
 */
export function contentSecurityPolicy({ nonce, dev = false, https = false }: PolicyOptions): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // React's development build evaluates code for its error overlays; production never does.
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(dev ? ['ws:'] : [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
  ];
  if (https) directives.push(['upgrade-insecure-requests']);
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Sent with every response, pages and API alike. */
export const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()',
  },
];

/** Two years, as browsers' preload lists expect; sent only when the console is served over HTTPS. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/**
 * Files users uploaded are served as attachments, and also under a sandbox policy: should a
 * browser render one anyway (an HTML or SVG opened from the downloads list), it gets a unique
 * origin and no scripts, so it cannot act as the console.
 */
export const DOWNLOAD_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** A fresh nonce for one response: 16 random bytes, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
