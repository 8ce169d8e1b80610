import { handleUpload } from '@/server/documents/upload-request';

export const dynamic = 'force-dynamic';

export function POST(req: Request) {
  return handleUpload(req);
}
