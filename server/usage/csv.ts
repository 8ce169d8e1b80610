import 'server-only';

/**
 * One CSV field per RFC 4180 (quoted when it holds a comma, quote or line break; quotes doubled),
 * with spreadsheet formula injection neutralised: text starting with =, +, -, @, a tab or a
 * carriage return gets a leading apostrophe, so Excel or Sheets shows it instead of running it.
 * Numbers are written as they are (a negative storage change stays a number).
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
