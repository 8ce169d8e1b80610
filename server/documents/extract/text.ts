import 'server-only';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** C0 controls other than tab, newline, vertical tab, form feed and carriage return, plus DEL. */
const CONTROL = /[\u0001-\u0008\u000E-\u001F\u007F]/g;
/** Real text has almost none of these; binary data decoded by luck has many. */
const MAX_CONTROL_RATIO = 0.01;

function encodingOf(bytes: Uint8Array): TextEncodingName {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Decodes bytes as text only when they really are text: UTF-8 (with or without BOM) or UTF-16
 * with a BOM, with no NUL characters and (almost) no other control characters. Anything else is
 * null, so a binary file can never be accepted as text whatever its name says.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } | null {
  const encoding = encodingOf(bytes);
  let text: string;
  try {
    // fatal: invalid sequences throw instead of becoming U+FFFD; the BOM is stripped.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  if (text.includes('\u0000')) return null;
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > text.length * MAX_CONTROL_RATIO) return null;
  return { text, encoding };
}

/** Newlines as \n, stray control characters removed: what every text extractor works on. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** Collapses runs of whitespace (including newlines) to one space, for text from markup. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}
