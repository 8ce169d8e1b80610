import 'server-only';
import type { ManifestEntry } from './archive';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every character that could open markup or leave an attribute, escaped. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export type ReadmeInput = {
  tenantName: string;
  requestId: string;
  generatedAt: string;
  profile: Array<[label: string, value: string]>;
  chats: Array<{ title: string; createdAt: string; messages: number }>;
  files: Array<{ name: string; path: string; sizeBytes: number }>;
  contents: Array<Pick<ManifestEntry, 'path' | 'description'>>;
};

const bytes = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;border-bottom:1px solid #cbd5e1;padding:.4rem .5rem;vertical-align:top;overflow-wrap:anywhere}
th{background:#f1f5f9}code{font-family:ui-monospace,monospace}.empty{color:#475569}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}th{background:#1e293b}th,td{border-color:#334155}.empty{color:#94a3b8}}`;

/**
 * `README.html`: what the archive holds, for a person rather than a program. Plain HTML with
 * inline CSS and no scripts; every value is escaped (a chat titled `<script>` stays text).
 */
export function renderReadme(input: ReadmeInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Your data from ${escapeHtml(input.tenantName)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Your data from ${escapeHtml(input.tenantName)}</h1>
<p>This archive answers your request <code>${escapeHtml(input.requestId)}</code> to access your personal data (GDPR Art. 15 and 20).
It was generated on ${escapeHtml(input.generatedAt)} (UTC). The JSON files hold the same data in a form other programs can read;
<code>manifest.json</code> lists every file with its SHA-256 so you can check nothing was changed.
<code>processing.json</code> says why and how your data is processed, who receives it, how long it is kept, and your rights.</p>
<p>Where your data mentions other people (for example an administrator who changed your account), they appear as
“another person”: their own data is protected too (GDPR Art. 15(4)).</p>
<h2>Your profile</h2>
${table(
  ['Field', 'Value'],
  input.profile.map(([k, v]) => [k, v]),
  'No account in this workspace: the archive holds what mentions your e-mail address.',
)}
<h2>Your chats</h2>
${table(
  ['Title', 'Started', 'Messages'],
  input.chats.map((c) => [c.title, c.createdAt, String(c.messages)]),
  'You have no chats.',
)}
<h2>Files you uploaded</h2>
${table(
  ['Name', 'In this archive', 'Size'],
  input.files.map((f) => [f.name, f.path, bytes(f.sizeBytes)]),
  'You have not uploaded any files.',
)}
<h2>What is in this archive</h2>
${table(
  ['File', 'What it holds'],
  input.contents.map((c) => [c.path, c.description]),
  'Nothing.',
)}
</body>
</html>
`;
}
