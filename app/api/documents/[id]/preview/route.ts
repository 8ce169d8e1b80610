import { handlePreview } from '@/server/documents/preview-request';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handlePreview(req, (await params).id);
}
