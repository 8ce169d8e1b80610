import { handleCertificatePublicKey } from '@/server/gdpr/certificates/http';

export const dynamic = 'force-dynamic';

export function GET() {
  return handleCertificatePublicKey();
}
