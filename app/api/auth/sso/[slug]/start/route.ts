import { startResponse } from '@/server/sso/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return startResponse(request, (await params).slug);
}
