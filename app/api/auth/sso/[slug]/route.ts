import { discoveryResponse } from '@/server/sso/http';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return discoveryResponse((await params).slug);
}
