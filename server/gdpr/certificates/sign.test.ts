import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { handleCertificatePublicKey, handleCertificateVerify } from './http';
import { publicKeys, signingKeys } from './keys';
import { signCertificate, verifyCertificate } from './sign';

const keys = process.env.ENCRYPTION_KEYS;
afterEach(() => {
  if (keys === undefined) delete process.env.ENCRYPTION_KEYS;
  else process.env.ENCRYPTION_KEYS = keys;
});

const body = {
  type: 'gdpr-erasure-certificate' as const,
  version: 1 as const,
  issuer: 'AgenticOmni Console',
  requestId: '00000000-0000-4000-8000-000000000001',
  tenantId: '00000000-0000-4000-8000-000000000002',
  subjectPseudonym: 'ps2_0123456789abcdef0123456789abcdef',
  subjectKind: 'user' as const,
  scopes: { stores: ['documents', 'files'], sharedDocuments: 'delete' as const },
  removed: { documents: 2, files: 2 },
  remaining: { documents: 0, files: 0 },
  sharedDocumentsKept: 0,
  keptDocumentMentions: 0,
  auditChain: { head: `12:h3.2.${'a'.repeat(64)}`, entries: 12 },
  startedAt: '2026-12-01T10:00:00.000Z',
  completedAt: '2026-12-01T10:00:05.000Z',
};

const post = (json: unknown) =>
  handleCertificateVerify(
    new Request('http://x/api/gdpr/certificates/verify', { method: 'POST', body: typeof json === 'string' ? json : JSON.stringify(json) }),
  );

describe('certificates of erasure', () => {
  it('derive the same Ed25519 key pair from the same server key, so certificates verify after a restart', () => {
    const first = signingKeys().current;
    const again = signingKeys().current;
    expect(again.keyId).toBe(first.keyId);
    expect(publicKeys()[0]!.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('verify as signed, and fail when a count, a field or the signature changes', () => {
    const { certificate, signature } = signCertificate(body);
    expect(verifyCertificate(certificate, signature)).toMatchObject({ valid: true, keyId: certificate.signingKey });
    expect(verifyCertificate({ ...certificate, removed: { documents: 1, files: 2 } }, signature)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/changed after it was signed/),
    });
    expect(verifyCertificate({ ...certificate, note: 'added' }, signature)).toMatchObject({ valid: false });
    const flipped = Buffer.from(signature, 'base64');
    flipped[10] = flipped[10]! ^ 0xff;
    expect(verifyCertificate(certificate, flipped.toString('base64'))).toMatchObject({ valid: false });
    expect(verifyCertificate(certificate, 'not base64!')).toMatchObject({ valid: false, reason: expect.stringMatching(/64 bytes/) });
    expect(verifyCertificate({ hello: 'world' }, signature)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/not a certificate/),
    });
  });

  it('keep verifying after the server key is rotated, and refuse another server’s key', () => {
    const k5 = randomBytes(32).toString('base64');
    process.env.ENCRYPTION_KEYS = `5:${k5}`;
    const { certificate, signature } = signCertificate(body);
    process.env.ENCRYPTION_KEYS = `6:${randomBytes(32).toString('base64')},5:${k5}`;
    expect(verifyCertificate(certificate, signature)).toMatchObject({ valid: true });
    expect(signCertificate(body).certificate.signingKey).not.toBe(certificate.signingKey);
    process.env.ENCRYPTION_KEYS = `5:${randomBytes(32).toString('base64')}`;
    expect(verifyCertificate(certificate, signature)).toMatchObject({ valid: false, reason: expect.stringMatching(/does not have/) });
  });

  it('are checked over HTTP, with a sentence for a body that is no certificate file', async () => {
    const { certificate, signature } = signCertificate(body);
    const ok = await post({ certificate, signature });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ valid: true });
    const altered = await post({ certificate: { ...certificate, remaining: { documents: 1, files: 0 } }, signature });
    expect(await altered.json()).toMatchObject({ valid: false });
    const notJson = await post('{');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: expect.stringMatching(/as JSON/) });
    const missing = await post({ certificate });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: expect.stringMatching(/both parts/) });
    const published = await handleCertificatePublicKey().json();
    expect(published.keys.some((k: { keyId: string; current: boolean }) => k.keyId === certificate.signingKey && k.current)).toBe(true);
  });
});
