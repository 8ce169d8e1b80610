import { getDb } from '@/db/client';
import { checkHealth, type Health } from '@/server/health/check';

export const dynamic = 'force-dynamic';

export async function GET() {
  let health: Health;
  try {
    health = await checkHealth(getDb());
  } catch {
    // No DATABASE_URL at all: as unavailable as an unreachable server.
    health = { status: 'unavailable', db: 'unreachable' };
  }
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
