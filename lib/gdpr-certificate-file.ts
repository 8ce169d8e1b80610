/**
 * Reads what someone pastes or uploads on the verify page: the downloaded file
 * (`{ "certificate": {…}, "signature": "…" }`), or the certificate alone with the signature given
 * apart. Isomorphic, so the page and its tests share it.
 */
export type CertificateFile = { ok: true; certificate: Record<string, unknown>; signature: string | null } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseCertificateFile(text: string): CertificateFile {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'Paste the certificate, or choose the file you downloaded.' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { ok: false, error: 'This is not JSON. Paste the whole certificate file as it was downloaded, from { to }.' };
  }
  if (!isObject(parsed)) return { ok: false, error: 'A certificate is a JSON object: paste the whole file, from { to }.' };
  if (isObject(parsed.certificate)) {
    return { ok: true, certificate: parsed.certificate, signature: typeof parsed.signature === 'string' ? parsed.signature : null };
  }
  return { ok: true, certificate: parsed, signature: null };
}

/** The file "Download certificate" saves: the certificate exactly as signed, and its signature. */
export function certificateFileText(certificate: Record<string, unknown>, signature: string): string {
  return `${JSON.stringify({ certificate, signature }, null, 2)}\n`;
}
