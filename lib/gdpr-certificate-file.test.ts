import { describe, expect, it } from 'vitest';
import { certificateFileText, parseCertificateFile } from './gdpr-certificate-file';

describe('parseCertificateFile', () => {
  it('reads the downloaded file back as it was written', () => {
    const certificate = { type: 'gdpr-erasure-certificate', removed: { documents: 2 } };
    expect(parseCertificateFile(certificateFileText(certificate, 'c2ln'))).toEqual({ ok: true, certificate, signature: 'c2ln' });
  });

  it('takes a certificate pasted alone, the signature to be given apart', () => {
    expect(parseCertificateFile('{"type":"gdpr-erasure-certificate"}')).toEqual({
      ok: true,
      certificate: { type: 'gdpr-erasure-certificate' },
      signature: null,
    });
  });

  it('says what is wrong with text that is no certificate', () => {
    expect(parseCertificateFile('  ')).toMatchObject({ ok: false, error: expect.stringMatching(/Paste the certificate/) });
    expect(parseCertificateFile('{"type": ')).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(parseCertificateFile('[1, 2]')).toMatchObject({ ok: false, error: expect.stringMatching(/JSON object/) });
  });
});
