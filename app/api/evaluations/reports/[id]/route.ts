import { handleReportDownload } from '@/server/evals/report-request';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleReportDownload(req, (await params).id);
}
