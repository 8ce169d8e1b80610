import { handleCertificateVerify } from '@/server/gdpr/certificates/http';

export const dynamic = 'force-dynamic';

export function POST(req: Request) {
  return handleCertificateVerify(req);
}
