import 'server-only';
import { checkModelUrl, EgressRefusal, requestChecked, type EgressOptions } from '@/server/ai/egress';

/**
 * The fetch openid-client uses for every request to an identity provider (discovery, keys,
 * token): the same rules as the model provider's (server/ai/egress.ts). The host is resolved
 * once and every address checked, loopback and private networks are refused unless the operator
 * allowed them in SSO_ALLOWED_HOSTS, the socket goes to a checked address, and a redirect is
 * handed back as it is (openid-client then fails on it), never followed.
 */

/** A provider's answers are small JSON documents; anything bigger is not one. */
const MAX_RESPONSE_BYTES = 512 * 1024;

export const SSO_EGRESS_SUBJECT = 'The identity provider’s address';

type FetchInit = { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal };

function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  throw new TypeError('A request body of this kind is not sent to an identity provider.');
}

export function ssoEgressOptions(overrides: EgressOptions = {}): EgressOptions {
  return { subject: SSO_EGRESS_SUBJECT, allowList: 'SSO_ALLOWED_HOSTS', ...overrides };
}

export function guardedFetch(egress: EgressOptions = {}) {
  const options = ssoEgressOptions(egress);
  return async (url: string, init: FetchInit): Promise<Response> => {
    const method = init.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') throw new EgressRefusal(`${SSO_EGRESS_SUBJECT}: ${method} requests are not made.`);
    const checked = await checkModelUrl(url, options, init.signal);
    // requestChecked appends `path` to the URL's path without its trailing slash.
    const path = checked.url.pathname.endsWith('/') ? '/' : '';
    const response = await requestChecked(
      checked,
      { method, path, headers: init.headers, body: bodyText(init.body), signal: init.signal },
      options,
    );
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy();
        throw new EgressRefusal(`${SSO_EGRESS_SUBJECT} answered with more than ${MAX_RESPONSE_BYTES / 1024} KB.`);
      }
      chunks.push(chunk as Buffer);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const status = response.statusCode ?? 502;
    const nullBody = status === 204 || status === 304;
    return new Response(nullBody ? null : Buffer.concat(chunks), { status, headers });
  };
}
