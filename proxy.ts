import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, createNonce, HSTS_VALUE } from '@/lib/security-headers';

/**
 * Every page gets its own CSP nonce. Next.js reads the policy from the request headers and puts
 * the nonce on its own scripts; the root layout passes it to the theme script.
 */
export function proxy(request: NextRequest) {
  const nonce = createNonce();
  const https = request.nextUrl.protocol === 'https:' || process.env.NEXTAUTH_URL?.startsWith('https:') === true;
  const policy = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development', https });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  if (https) response.headers.set('strict-transport-security', HSTS_VALUE);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes, build assets and the icon need no nonce.
      source: '/((?!api/|_next/static|_next/image|icon.svg|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
