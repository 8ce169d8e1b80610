import { handleExportDownload } from '@/server/gdpr/export/download';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleExportDownload(req, (await params).id);
}
