import 'server-only';
import { sign, verify } from 'node:crypto';
import { canonicalJson } from '@/server/audit/hash';
import { signingKeys } from './keys';
import { erasureCertificate, type CertificateVerification, type ErasureCertificate } from './schema';

/** Signs a certificate with the current key; the signature is base64 of the Ed25519 signature of its canonical JSON. */
export function signCertificate(certificate: Omit<ErasureCertificate, 'signingKey' | 'signatureAlgorithm'>): {
  certificate: ErasureCertificate;
  signature: string;
} {
  const { current } = signingKeys();
  const full: ErasureCertificate = { ...certificate, signingKey: current.keyId, signatureAlgorithm: 'Ed25519' };
  return { certificate: full, signature: sign(null, Buffer.from(canonicalJson(full)), current.privateKey).toString('base64') };
}

/**
 * Checks a certificate as someone received it: its shape, the key it names (one of the server's,
 * current or rotated out), and the signature over its canonical JSON. Never throws for bad
 * input: the answer says what is wrong.
 */
export function verifyCertificate(certificate: Record<string, unknown>, signature: string): CertificateVerification {
  const keyId = typeof certificate.signingKey === 'string' ? certificate.signingKey : null;
  const shape = erasureCertificate.safeParse(certificate);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return {
      valid: false,
      keyId,
      reason: `This is not a certificate of erasure as this console issues them (${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'unexpected'}).`,
    };
  }
  const key = signingKeys().all.find((k) => k.keyId === shape.data.signingKey);
  if (!key)
    return {
      valid: false,
      keyId,
      reason: `It names a signing key (${shape.data.signingKey}) this console does not have: it was not issued here.`,
    };
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(signature) ? Buffer.from(signature, 'base64') : null;
  if (!bytes || bytes.length !== 64)
    return { valid: false, keyId, reason: 'The signature is not an Ed25519 signature (64 bytes, base64).' };
  // The certificate exactly as given: a field added, removed or changed breaks the signature.
  if (!verify(null, Buffer.from(canonicalJson(certificate)), key.publicKey, bytes)) {
    return {
      valid: false,
      keyId,
      reason:
        'The signature does not match: the certificate was changed after it was signed, or the signature belongs to another certificate.',
    };
  }
  return { valid: true, keyId, reason: `Signed by this console's key ${key.keyId}; nothing was changed since.` };
}
