import 'server-only';
import { originOf } from '@/lib/url';
import { AppError } from '@/server/shared/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origins this console answers on: the request's own (its URL, its Host) and NEXTAUTH_URL's. */
function ownOrigins(req: Request): Set<string> {
  const url = new URL(req.url);
  const origins = new Set([url.origin]);
  const host = req.headers.get('host');
  if (host) origins.add(`${url.protocol}//${host}`.toLowerCase());
  const configured = originOf(process.env.NEXTAUTH_URL);
  if (configured) origins.add(configured);
  return origins;
}

/**
 * Refuses (FORBIDDEN) a state-changing request that a browser sent from another site: an
 * `Origin` that is not this console's, or `Sec-Fetch-Site` other than same-origin or none (a
 * sibling subdomain is another site too). Whatever its credentials: the console's pages never
 * send such a request, and no cross-origin browser client is served (no CORS). Requests without
 * either header (API clients with a Bearer key, scripts) pass; reads (GET) are never checked.
 */
export function assertSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new AppError('FORBIDDEN', 'This request came from another site, so it was refused. Make changes from the console itself.');
  }
  const origin = req.headers.get('origin');
  if (origin !== null && !ownOrigins(req).has(origin.toLowerCase())) {
    throw new AppError(
      'FORBIDDEN',
      `This request came from another site (${origin.slice(0, 100)}), so it was refused. Make changes from the console itself.`,
    );
  }
}
