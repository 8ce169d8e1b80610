import { handleUsageExport } from '@/server/usage/export-request';

export const dynamic = 'force-dynamic';

export function GET(req: Request) {
  return handleUsageExport(req);
}
