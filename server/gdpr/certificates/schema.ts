import { z } from 'zod';
import { GDPR_SHARED_DOCUMENTS } from '@/lib/enums';

/**
 * A certificate of erasure: what was erased for whom (by pseudonym only: no personal data),
 * counts per store removed and remaining, when, and the audit chain's head after it. Signed
 * with Ed25519 over its canonical JSON (keys sorted at every depth, no spaces).
 */
export const erasureCertificate = z.object({
  type: z.literal('gdpr-erasure-certificate'),
  version: z.literal(1),
  issuer: z.string(),
  requestId: z.uuid(),
  tenantId: z.uuid(),
  subjectPseudonym: z.string(),
  /** 'user': a user of the workspace; 'email': someone known only by an e-mail address. */
  subjectKind: z.enum(['user', 'email']),
  scopes: z.object({ stores: z.array(z.string()), sharedDocuments: z.enum(GDPR_SHARED_DOCUMENTS) }),
  removed: z.record(z.string(), z.number().int().nonnegative()),
  remaining: z.record(z.string(), z.number().int().nonnegative()),
  /** Documents of theirs in shared collections kept, owned by the workspace (sharedDocuments 'keep'). */
  sharedDocumentsKept: z.number().int().nonnegative(),
  /** Passages of those kept documents that mention the subject's address: kept by the workspace's choice. */
  keptDocumentMentions: z.number().int().nonnegative(),
  auditChain: z.object({ head: z.string(), entries: z.number().int().nonnegative() }),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime(),
  signingKey: z.string(),
  signatureAlgorithm: z.literal('Ed25519'),
});
export type ErasureCertificate = z.infer<typeof erasureCertificate>;

/** What a verifier is given: the certificate as issued (any JSON) and its base64 signature. */
export const certificateVerifyInput = z.object({
  certificate: z.record(z.string(), z.unknown()),
  signature: z
    .string()
    .trim()
    .min(1, 'Paste the signature that came with the certificate.')
    .max(200, 'That signature is too long to be an Ed25519 signature.'),
});
export type CertificateVerifyInput = z.infer<typeof certificateVerifyInput>;

export const certificateVerification = z.object({
  valid: z.boolean(),
  /** A sentence saying why: what matched, or what did not. */
  reason: z.string(),
  keyId: z.string().nullable(),
});
export type CertificateVerification = z.infer<typeof certificateVerification>;

export const certificateGetInput = z.object({ requestId: z.uuid('That is not a request id.') });

export const certificateGetOutput = z
  .object({ certificate: erasureCertificate, signature: z.string(), verification: certificateVerification })
  .nullable();
export type CertificateGetOutput = z.infer<typeof certificateGetOutput>;

export const publicKeysOutput = z.object({
  keys: z.array(
    z.object({
      keyId: z.string(),
      algorithm: z.literal('Ed25519'),
      publicKeyPem: z.string(),
      publicKeyBase64: z.string(),
      current: z.boolean(),
    }),
  ),
});
