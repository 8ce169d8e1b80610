import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * What the browser carries between "start" and "callback" of one SSO attempt: state, nonce and
 * the PKCE verifier, the workspace, the mode and where to go after. Sealed with AES-256-GCM under
 * a key derived from NEXTAUTH_SECRET, so it can be neither read (the verifier stays secret) nor
 * changed; it expires after FLOW_TTL_SECONDS and the callback clears it (one use).
 */

export const FLOW_COOKIE = 'ao-sso-flow';
export const FLOW_TTL_SECONDS = 600;
/** Only the callback routes need it. */
export const FLOW_COOKIE_PATH = '/api/auth/sso';

const flowSchema = z.object({
  state: z.string().min(16).max(200),
  nonce: z.string().min(16).max(200),
  verifier: z.string().min(43).max(128),
  tenantId: z.uuid(),
  slug: z.string().max(48),
  mode: z.enum(['sign-in', 'test']),
  /** For a test: the admin who started it, who must still be signed in at the callback. */
  testerId: z.uuid().nullable(),
  /** The settings' updated_at when the flow began: a test counts only for the settings it ran with. */
  configStamp: z.number().int(),
  expiresAt: z.number().int(),
});

export type SsoFlow = z.infer<typeof flowSchema>;

function key(): Buffer {
  const secret = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (!secret) throw new Error('Set NEXTAUTH_SECRET before signing anyone in.');
  return Buffer.from(hkdfSync('sha256', secret, 'agenticomni', 'sso-flow-cookie-v1', 32));
}

export function sealFlow(flow: Omit<SsoFlow, 'expiresAt'>, now = Date.now()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ ...flow, expiresAt: now + FLOW_TTL_SECONDS * 1000 }), 'utf8'),
    cipher.final(),
  ]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** The flow sealed in `value`, or null when it is missing, altered, malformed or expired. */
export function openFlow(value: string | undefined, now = Date.now()): SsoFlow | null {
  if (!value || value.length > 4000) return null;
  const [iv, tag, body, extra] = value.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body || extra || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), iv);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    const flow = flowSchema.parse(JSON.parse(plain));
    return flow.expiresAt > now ? flow : null;
  } catch {
    return null;
  }
}

/** The Set-Cookie value that stores the flow (or, with null, clears it). */
export function flowCookieHeader(sealed: string | null): string {
  const secure = process.env.NEXTAUTH_URL?.startsWith('https://') ? '; Secure' : '';
  const value = sealed ?? '';
  const age = sealed ? FLOW_TTL_SECONDS : 0;
  return `${FLOW_COOKIE}=${value}; Path=${FLOW_COOKIE_PATH}; Max-Age=${age}; HttpOnly; SameSite=Lax${secure}`;
}
