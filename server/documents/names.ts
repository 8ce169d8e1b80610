/**
 * The name shown for an uploaded file: the last path segment of what the browser sent, without
 * control or bidi-override characters, at most 255 characters. Never used as a path on disk.
 */
export function displayFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const name = clean.replace(/^\.+/, '') || 'unnamed';
  if (name.length <= 255) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, 255 - ext.length) + ext;
}

/** A storage-safe rendering of a name: ASCII letters, digits, dot, dash, underscore. */
export function storageSafeName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-100);
  return ascii || 'file';
}
