import { checkProcessHealth } from '@/server/health/check';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkProcessHealth();
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
