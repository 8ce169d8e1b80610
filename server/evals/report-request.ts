import 'server-only';
import { contentDisposition } from '@/server/documents/download-request';
import { tenantRoute } from '@/server/http/tenant-route';
import { DOWNLOAD_CSP } from '@/lib/security-headers';
import { openRunReport } from './reports';

/**
 * An HTML report opened in the browser tab: its own styles and data: images only, no script,
 * no form, no frame, in a sandbox (a unique origin), so a stored report can never act as the console.
 */
export const INLINE_REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/**
 * GET /api/evaluations/reports/:id[?inline=1]: a stored run report for people holding
 * `evals:run` in its tenant (any other id is 404). A download by default; `inline=1` opens an
 * HTML report in the tab under INLINE_REPORT_CSP.
 */
export const handleReportDownload = tenantRoute(
  { permission: 'evals:run', action: 'evaluation.report.download' },
  async (req, { run }, id: string) => {
    const report = await run((ctx) => openRunReport(ctx, id));
    const inline = report.format === 'html' && new URL(req.url).searchParams.get('inline') === '1';
    return new Response(new Uint8Array(report.body), {
      headers: {
        'content-type': report.contentType,
        'content-length': String(report.body.length),
        'content-disposition': contentDisposition(report.filename, inline ? 'inline' : 'attachment'),
        'content-security-policy': inline ? INLINE_REPORT_CSP : DOWNLOAD_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  },
);
