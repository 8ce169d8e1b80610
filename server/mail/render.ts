import 'server-only';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type MailContent = {
  greeting: string;
  paragraphs: string[];
  action: { label: string; url: string };
  /** After the button: how long the link works, what to do if it was not expected. */
  notes: string[];
};

/**
 * The text and HTML bodies of one message from the same parts, so both say the same. Everything
 * is escaped: names and workspace slugs come from people.
 */
export function renderMail(content: MailContent): { text: string; html: string } {
  const text = [
    content.greeting,
    ...content.paragraphs,
    `${content.action.label}:\n${content.action.url}`,
    ...content.notes,
    '— AgenticOmni Console',
  ].join('\n\n');
  const p = (body: string) => `<p style="margin:0 0 16px">${body}</p>`;
  const url = escapeHtml(content.action.url);
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#0f172a">',
    p(escapeHtml(content.greeting)),
    ...content.paragraphs.map((para) => p(escapeHtml(para))),
    p(
      `<a href="${url}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#4f46e5;color:#fff;text-decoration:none">${escapeHtml(content.action.label)}</a>`,
    ),
    p(`Or open this link: <a href="${url}">${url}</a>`),
    ...content.notes.map((note) => p(`<small style="color:#475569">${escapeHtml(note)}</small>`)),
    '</body></html>',
  ].join('\n');
  return { text, html };
}
