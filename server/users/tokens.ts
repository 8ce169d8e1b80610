import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { userTokens, type USER_TOKEN_PURPOSES } from '@/db/schema';
import { publicBaseUrl } from '@/server/shared/links';

type Purpose = (typeof USER_TOKEN_PURPOSES)[number];

export const TOKEN_LIFETIME_HOURS: Record<Purpose, number> = { invite: 7 * 24, password_reset: 24 };

const PATHS: Record<Purpose, string> = { invite: '/invite', password_reset: '/reset-password' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type IssuedLink = { url: string; expiresAt: Date };

/**
 * Issues a one-time link for `userId`, replacing any unused link of the same purpose (only the
 * newest one works). Only the token's hash is stored; the link is returned once.
 */
export async function issueUserToken(
  tx: Tx,
  input: { tenantId: string; userId: string; purpose: Purpose; createdBy: string | null },
): Promise<IssuedLink> {
  await tx
    .delete(userTokens)
    .where(
      and(
        eq(userTokens.tenantId, input.tenantId),
        eq(userTokens.userId, input.userId),
        eq(userTokens.purpose, input.purpose),
        isNull(userTokens.usedAt),
      ),
    );
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_HOURS[input.purpose] * 3600 * 1000);
  await tx.insert(userTokens).values({
    tenantId: input.tenantId,
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: hashToken(token),
    expiresAt,
    createdBy: input.createdBy,
  });
  return { url: `${publicBaseUrl()}${PATHS[input.purpose]}/${token}`, expiresAt };
}
