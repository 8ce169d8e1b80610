import 'server-only';
import { and, eq } from 'drizzle-orm';
import { gdprRequests } from '@/db/schema';
import type { TenantServiceContext } from '@/server/auth/types';
import { notFound } from '@/server/shared/errors';
import { publicKeys } from './keys';
import { verifyCertificate } from './sign';
import { erasureCertificate, type CertificateGetOutput, type CertificateVerifyInput } from './schema';

/** The certificate of an erasure request of the tenant, checked now; null while there is none yet. */
export async function getCertificate(ctx: TenantServiceContext, { requestId }: { requestId: string }): Promise<CertificateGetOutput> {
  const [row] = await ctx.db
    .select({ certificate: gdprRequests.certificate, signature: gdprRequests.certificateSignature })
    .from(gdprRequests)
    .where(and(eq(gdprRequests.tenantId, ctx.tenantId), eq(gdprRequests.id, requestId)));
  if (!row) notFound('GDPR request');
  if (!row.certificate || !row.signature) return null;
  const certificate = erasureCertificate.parse(row.certificate);
  return { certificate, signature: row.signature, verification: verifyCertificate(row.certificate, row.signature) };
}

/** Anyone may check a certificate they were given: nothing about the tenant is read. */
export function checkCertificate(input: CertificateVerifyInput) {
  return verifyCertificate(input.certificate, input.signature);
}

export function certificatePublicKeys() {
  return { keys: publicKeys() };
}
