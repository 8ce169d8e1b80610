import 'server-only';
import { certificateVerifyInput } from './schema';
import { certificatePublicKeys, checkCertificate } from './service';

const NO_STORE = { 'cache-control': 'no-store' };
const MAX_BODY_BYTES = 64 * 1024;

/**
 * `POST /api/gdpr/certificates/verify` with `{ certificate, signature }` (the downloaded file as
 * is): 200 with `{ valid, reason, keyId }` whether or not it is valid; 400 with a sentence when
 * the body is not such a document. Public: whoever holds a certificate may check it.
 */
export async function handleCertificateVerify(req: Request): Promise<Response> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES)
    return Response.json(
      { error: 'That is too large to be a certificate of erasure (64 KB at most).' },
      { status: 413, headers: NO_STORE },
    );
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES)
    return Response.json(
      { error: 'That is too large to be a certificate of erasure (64 KB at most).' },
      { status: 413, headers: NO_STORE },
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json(
      { error: 'Send the certificate file as JSON: { "certificate": {…}, "signature": "…" }.' },
      { status: 400, headers: NO_STORE },
    );
  }
  const input = certificateVerifyInput.safeParse(body);
  if (!input.success) {
    const issue = input.error.issues[0];
    const message =
      issue?.path[0] === 'signature' && issue.message !== 'Invalid input: expected string, received undefined'
        ? issue.message
        : 'Send both parts of the certificate file: "certificate" (an object) and "signature" (base64 text).';
    return Response.json({ error: message }, { status: 400, headers: NO_STORE });
  }
  return Response.json(checkCertificate(input.data), { headers: NO_STORE });
}

/** `GET /api/gdpr/certificates/public-key`: the Ed25519 public keys certificates are signed with. */
export function handleCertificatePublicKey(): Response {
  return Response.json(certificatePublicKeys(), { headers: { 'cache-control': 'public, max-age=3600' } });
}
