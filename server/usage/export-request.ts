import 'server-only';
import { errorResponse } from '@/server/http/errors';
import { tenantRoute } from '@/server/http/tenant-route';
import { contentDisposition } from '@/server/documents/download-request';
import { csvLine } from './csv';
import { resolveUsageRange, usageExportBatch } from './report';
import { usageRangeInput } from './schema';

const BATCH = 1000;

const HEADER = [
  'date',
  'user_name',
  'user_email',
  'api_key_name',
  'kind',
  'model',
  'tokens_in',
  'tokens_out',
  'tokens_cached',
  'requests',
  'failed_requests',
  'ingestions',
  'ocr_pages',
  'storage_bytes',
  'cost_usd',
  'unpriced_events',
];

/**
 * GET /api/usage/export?preset=…&from=…&to=…: the range's daily rollup rows as CSV (tenant-local
 * dates; without users:manage, the reader's own rows), streamed in batches of 1,000, each read in
 * a short tenant transaction of its own so a long export holds no transaction open. The range is
 * bounded like the page's (at most 366 days).
 */
export const handleUsageExport = tenantRoute({ permission: 'usage:read', action: 'usage.export' }, async (req, { scope, run }) => {
  const query = new URL(req.url).searchParams;
  const parsed = usageRangeInput.safeParse({
    preset: query.get('preset') ?? undefined,
    from: query.get('from') || undefined,
    to: query.get('to') || undefined,
  });
  if (!parsed.success) return errorResponse(400, parsed.error.issues[0]?.message ?? 'Choose a valid date range.');
  const range = await run((ctx) => resolveUsageRange(ctx, parsed.data));
  let after: { date: string; id: string } | null = null;
  let headerSent = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(HEADER)));
        return;
      }
      const cursor = after;
      const rows = await run((ctx) => usageExportBatch(ctx, range, cursor, BATCH));
      const text = rows
        .map((r) =>
          csvLine([
            r.date,
            r.userName,
            r.userEmail,
            r.apiKeyName,
            r.kind,
            r.model,
            r.tokensIn,
            r.tokensOut,
            r.tokensCached,
            r.requests,
            r.failedRequests,
            r.ingestions,
            r.ocrPages,
            r.storageBytes,
            r.costUsd,
            r.unpricedEvents,
          ]),
        )
        .join('');
      if (text) controller.enqueue(encoder.encode(text));
      const last = rows.at(-1);
      if (rows.length < BATCH || !last) controller.close();
      else after = { date: last.date, id: last.id };
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDisposition(`usage-${scope.tenantSlug}-${range.from}-to-${range.to}.csv`),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
});
