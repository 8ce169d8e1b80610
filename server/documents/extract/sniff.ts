import 'server-only';
import { fileTypeFromBuffer } from 'file-type/core';
import { looksLikeCsv } from './csv';
import { ExtractionError } from './errors';
import { decodeText } from './text';
import type { FileType } from './types';
import { FILE_TYPE_INFO, TEXT_FILE_TYPES, fileExtension } from '@/lib/file-types';
import { inflateEntry, isZip, listZipEntries, newBudget } from './zip';

export type SniffResult = { fileType: FileType; mimeType: string } | { error: string };

export const MIME_TYPES: Record<FileType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  html: 'text/html',
  md: 'text/markdown',
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

/** Extensions that may choose between text kinds; they never make binary data acceptable. */
const TEXT_EXTENSIONS: Record<string, FileType> = Object.fromEntries(
  TEXT_FILE_TYPES.flatMap((type) => FILE_TYPE_INFO[type].extensions.map((ext) => [ext, type])),
);

/** How refused formats are named to the uploader; anything else is named by its extension. */
const DESCRIPTIONS: Record<string, string> = {
  zip: 'a ZIP archive',
  rar: 'a RAR archive',
  '7z': 'a 7-Zip archive',
  gz: 'a gzip archive',
  tar: 'a TAR archive',
  bz2: 'a bzip2 archive',
  xz: 'an XZ archive',
  exe: 'a Windows program (EXE)',
  elf: 'a Linux program (ELF)',
  macho: 'a macOS program',
  dmg: 'a disk image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  bmp: 'a BMP image',
  tif: 'a TIFF image',
  heic: 'a HEIC image',
  avif: 'an AVIF image',
  ico: 'an icon',
  psd: 'a Photoshop document',
  mp3: 'an MP3 audio file',
  wav: 'a WAV audio file',
  mp4: 'an MP4 video',
  mov: 'a QuickTime video',
  webm: 'a WebM video',
  rtf: 'a Rich Text Format (RTF) document',
  xml: 'an XML file',
  epub: 'an EPUB book',
  sqlite: 'an SQLite database',
  xlsx: 'an Excel workbook (XLSX)',
  docm: 'a macro-enabled Word document (DOCM)',
  pptm: 'a macro-enabled PowerPoint presentation (PPTM)',
  odt: 'an OpenDocument text file (ODT)',
  odp: 'an OpenDocument presentation (ODP)',
  ods: 'an OpenDocument spreadsheet (ODS)',
};

function refuse(ext: string): { error: string } {
  const what = DESCRIPTIONS[ext] ?? `a ${ext.toUpperCase()} file`;
  return { error: `This file is ${what}, which is not a supported document type.` };
}

/** Endings of formats that are never text: text content under such a name is mislabelled. */
const BINARY_EXTENSIONS = new Set([
  ...Object.keys(DESCRIPTIONS),
  ...(['pdf', 'docx', 'pptx', 'png', 'jpeg'] as const).flatMap((t) => FILE_TYPE_INFO[t].extensions),
  ...['doc', 'xls', 'ppt', 'dll', 'so', 'bin', 'iso', 'msi', 'apk', 'jar', 'class', 'com', 'scr', 'pages', 'key', 'numbers'],
]);
const EXTENSION_NAMES: Record<string, string> = {
  ...DESCRIPTIONS,
  ...Object.fromEntries(Object.values(FILE_TYPE_INFO).flatMap((info) => info.extensions.map((ext) => [ext, info.content]))),
  doc: 'an older Word document',
  xls: 'an older Excel workbook',
  ppt: 'an older PowerPoint presentation',
};

/**
 * The name must agree with the content: a PDF named `.zip`, or text named `notes.exe`, is refused
 * with what the content really is and the ending to give it. Text may carry any text ending (the
 * ending picks the kind) or one we do not know (`.json`, `.rst`); binary types only their own.
 */
function nameAgreement(result: SniffResult, filename: string): SniffResult {
  if ('error' in result) return result;
  const ext = fileExtension(filename);
  if (!ext) return result;
  const text = TEXT_FILE_TYPES.includes(result.fileType);
  const agrees = text ? !BINARY_EXTENSIONS.has(ext) : FILE_TYPE_INFO[result.fileType].extensions.includes(ext);
  if (agrees) return result;
  const info = FILE_TYPE_INFO[result.fileType];
  const named = EXTENSION_NAMES[ext];
  return {
    error:
      `This file is ${info.content}, but its name ends in .${ext}${named ? `, which means ${named}` : ''}. ` +
      `Rename it to end in .${info.extensions[0]} and upload it again.`,
  };
}

/** Office Open XML main parts, read from [Content_Types].xml (never from file names alone). */
const OOXML_MAIN: Array<{ pattern: RegExp; result: FileType | string }> = [
  { pattern: /wordprocessingml\.(document|template)\.main\+xml/, result: 'docx' },
  { pattern: /presentationml\.(presentation|slideshow|template)\.main\+xml/, result: 'pptx' },
  { pattern: /ms-word\.(document|template)\.macroEnabled/i, result: 'docm' },
  { pattern: /ms-powerpoint\.(presentation|slideshow|template)\.macroEnabled/i, result: 'pptm' },
  { pattern: /spreadsheetml\.(sheet|template)\.main\+xml|ms-excel\.sheet/i, result: 'xlsx' },
];

const ODF_MIMETYPES: Record<string, string> = {
  'application/epub+zip': 'epub',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};

/**
 * A ZIP is accepted only as DOCX or PPTX, and only when [Content_Types].xml declares the main
 * part and that part is really in the archive. Only the small manifest entries are inflated
 * (with a 1 MB budget), so sniffing a zip bomb costs nothing.
 */
function sniffZip(bytes: Uint8Array): SniffResult {
  try {
    const entries = listZipEntries(bytes);
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    const read = (name: string) => {
      const entry = byName.get(name);
      return entry ? new TextDecoder().decode(inflateEntry(bytes, entry, newBudget(1024 * 1024))) : null;
    };
    const contentTypes = read('[Content_Types].xml');
    if (contentTypes) {
      for (const override of contentTypes.match(/<Override\b[^>]*>/g) ?? []) {
        const type = /ContentType="([^"]*)"/.exec(override)?.[1] ?? '';
        const part = /PartName="\/?([^"]*)"/.exec(override)?.[1] ?? '';
        const main = OOXML_MAIN.find(({ pattern }) => pattern.test(type));
        if (!main) continue;
        if (main.result !== 'docx' && main.result !== 'pptx') return refuse(main.result);
        if (!byName.has(decodeURIComponent(part))) return { error: 'This file is damaged and cannot be read.' };
        return { fileType: main.result, mimeType: MIME_TYPES[main.result] };
      }
    }
    const odf = read('mimetype')?.trim();
    if (odf && ODF_MIMETYPES[odf]) return refuse(ODF_MIMETYPES[odf]);
    return refuse('zip');
  } catch (error) {
    // Damaged, encrypted or with too many entries: the reader's sentence says which.
    if (error instanceof ExtractionError) return { error: error.userMessage };
    throw error;
  }
}

/** WHATWG-style markup sniffing: an HTML tag at the very start, or html/body tags early on. */
export function looksLikeHtml(text: string): boolean {
  const start = text.replace(/^\s+/, '').slice(0, 1024).toLowerCase();
  if (/^<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[\s>]/.test(start)) {
    return true;
  }
  return /<(html|body)[\s>]|<!doctype html/i.test(text.slice(0, 4096));
}

/** Markdown if it has a heading or a code fence, or at least two other kinds of markup. */
export function looksLikeMarkdown(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  if (/^#{1,6}[ \t]+\S/m.test(sample) || /^(```|~~~)/m.test(sample)) return true;
  const signals = [
    /^\s{0,3}[-*+][ \t]+\S/m,
    /^\s{0,3}\d+[.)][ \t]+\S/m,
    /\[[^\]\n]+\]\([^)\s]+\)/,
    /(\*\*|__)[^*_\n]+\1/,
    /^>[ \t]?\S/m,
    /^\|.*\|[ \t]*$/m,
    /^(=+|-{3,})[ \t]*$/m,
  ];
  return signals.filter((signal) => signal.test(sample)).length >= 2;
}

function sniffText(bytes: Uint8Array, ext: string, xml: boolean): SniffResult {
  const decoded = decodeText(bytes);
  if (!decoded) {
    return { error: 'This file is not a supported document type, and it is not UTF-8 text either.' };
  }
  const { text } = decoded;
  if (!text.trim()) return { error: 'The file contains no text.' };
  if (xml) return looksLikeHtml(text) ? { fileType: 'html', mimeType: MIME_TYPES.html } : refuse('xml');
  const kind: FileType =
    TEXT_EXTENSIONS[ext] ?? (looksLikeHtml(text) ? 'html' : looksLikeCsv(text) ? 'csv' : looksLikeMarkdown(text) ? 'md' : 'txt');
  return { fileType: kind, mimeType: MIME_TYPES[kind] };
}

/** Formats that are text but that we do not take; file-type names them reliably. */
const REFUSED_TEXT_FORMATS = new Set(['rtf', 'ps', 'eps']);

/**
 * Says what an upload really is, from its bytes: PDF, DOCX, PPTX, PNG, JPEG by signature (and
 * for OOXML, by manifest), text kinds by decoding and markup heuristics. The filename's extension
 * chooses between text kinds and must agree with the content (`nameAgreement`). Anything else
 * gets a sentence saying what it is and that it is refused. Async only because `file-type` is.
 */
export async function sniffFileType(bytes: Uint8Array, filename: string): Promise<SniffResult> {
  return nameAgreement(await sniffContent(bytes, filename), filename);
}

async function sniffContent(bytes: Uint8Array, filename: string): Promise<SniffResult> {
  if (bytes.length === 0) return { error: 'The file is empty.' };
  if (isZip(bytes)) return sniffZip(bytes);

  const ext = fileExtension(filename);
  const detected = await fileTypeFromBuffer(bytes);
  switch (detected?.ext) {
    case 'pdf':
    case 'ai': // Illustrator files are PDFs with extra private data.
      return { fileType: 'pdf', mimeType: MIME_TYPES.pdf };
    case 'png':
    case 'apng':
      return { fileType: 'png', mimeType: MIME_TYPES.png };
    case 'jpg':
      return { fileType: 'jpeg', mimeType: MIME_TYPES.jpeg };
    case 'cfb':
      return {
        error:
          'This file is an older Microsoft Office (or other OLE) file, which is not supported; save it as DOCX or PPTX. Password-protected Office files are stored this way too.',
      };
    case 'xml':
      return sniffText(bytes, ext, true);
  }
  if (detected && REFUSED_TEXT_FORMATS.has(detected.ext)) return refuse(detected.ext);
  // Some signatures are weak (a UTF-16 byte order mark looks like MPEG audio, "MZ…" like a
  // program): bytes that decode cleanly as text are text, whatever they start with.
  if (decodeText(bytes)) return sniffText(bytes, ext, false);
  if (detected) return refuse(detected.ext);
  // Readers accept junk before the header; file-type only looks at offset 0.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return { fileType: 'pdf', mimeType: MIME_TYPES.pdf };
  return sniffText(bytes, ext, false);
}
