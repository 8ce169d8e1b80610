import { handleDownload } from '@/server/documents/download-request';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleDownload(req, (await params).id);
}
