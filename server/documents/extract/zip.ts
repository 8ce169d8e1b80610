import 'server-only';
import { Inflate } from 'fflate';
import { ExtractionError, tooLargeUnzipped } from './errors';
import { LIMITS } from './types';

/**
 * A small ZIP reader for OOXML files. It exists so that every byte we (or mammoth) inflate is
 * counted against a budget. A bomb is refused first on what its central directory declares
 * (entry count, total uncompressed size, compression ratio), before anything is inflated; and
 * since declared sizes can lie, entries are inflated in small slices, and one that outgrows its
 * declared size is refused at once. Overlapping entries (the "better zip bomb" trick) are each
 * counted in full, so they cannot slip through either.
 */

export type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
};

export type ZipBudget = { limit: number; used: number };

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Deflate expands at most ~1032:1, so one slice yields at most ~16 MB before we check again. */
const INFLATE_SLICE = 16 * 1024;
/**
 * Office XML compresses about 5-30:1 and media about 1:1; deflate's ceiling is ~1032:1. A large
 * entry above this ratio is a bomb, whatever the total.
 */
export const MAX_COMPRESSION_RATIO = 200;
const RATIO_CHECK_MIN_BYTES = 10 * 1024 * 1024;

const damaged = () => new ExtractionError('damaged', 'This file is damaged and cannot be read.');
/** An entry inflating past its declared size: either damage or a bomb hiding its size. */
const sizeMismatch = () => new ExtractionError('damaged', 'This file is damaged and cannot be read (its parts are larger than it says).');

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

function view(bytes: Uint8Array) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(dv: DataView, offset: number): number {
  const value = dv.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged();
  return Number(value);
}

function findEndOfCentralDirectory(bytes: Uint8Array, dv: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes at the very end of the file.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (dv.getUint32(i, true) === EOCD_SIGNATURE) return i;
  }
  throw damaged();
}

/** Reads the central directory: names, sizes and where each entry's data starts. */
export function listZipEntries(bytes: Uint8Array, maxEntries: number = LIMITS.maxZipEntries): ZipEntry[] {
  if (bytes.length < 22) throw damaged();
  const dv = view(bytes);
  const eocd = findEndOfCentralDirectory(bytes, dv);
  let count = dv.getUint16(eocd + 10, true);
  let cdOffset = dv.getUint32(eocd + 16, true);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && dv.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64 = u64(dv, eocd - 12);
    if (zip64 + 56 > bytes.length || dv.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) throw damaged();
    count = u64(dv, zip64 + 32);
    cdOffset = u64(dv, zip64 + 48);
  }
  if (count > maxEntries) {
    throw new ExtractionError('too-large', `This file contains more than ${maxEntries.toLocaleString('en-US')} parts and was refused.`);
  }
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== CENTRAL_SIGNATURE) throw damaged();
    const flags = dv.getUint16(p + 8, true);
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let uncompressedSize = dv.getUint32(p + 24, true);
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    let localHeaderOffset = dv.getUint32(p + 42, true);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) throw damaged();
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // ZIP64 entries keep their real sizes in extra field 0x0001, in this fixed order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true);
      const size = dv.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        const fieldEnd = e + 4 + size;
        const next = () => {
          if (q + 8 > fieldEnd) throw damaged();
          const value = u64(dv, q);
          q += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + size;
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset, encrypted: (flags & 1) === 1 });
    p = end;
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const dv = view(bytes);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || dv.getUint32(p, true) !== LOCAL_SIGNATURE) throw damaged();
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged();
  return bytes.subarray(start, end);
}

/**
 * Inflates one entry, charging its real size to `budget`. With `keep: false` the output is
 * counted and dropped, which is how a whole file is vetted before another library opens it.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: ZipBudget, keep = true): Uint8Array {
  if (entry.encrypted) {
    throw new ExtractionError('encrypted', 'This file is password-protected.');
  }
  const data = entryData(bytes, entry);
  if (entry.method === 0) {
    if (data.length !== entry.uncompressedSize) throw sizeMismatch();
    budget.used += data.length;
    if (budget.used > budget.limit) throw tooLargeUnzipped(budget.limit);
    return keep ? data : new Uint8Array(0);
  }
  if (entry.method !== 8) throw damaged();

  const parts: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    budget.used += chunk.length;
    if (keep && budget.used <= budget.limit) parts.push(chunk);
  });
  try {
    for (let offset = 0; offset < data.length; offset += INFLATE_SLICE) {
      const end = Math.min(offset + INFLATE_SLICE, data.length);
      inflater.push(data.subarray(offset, end), end === data.length);
      if (budget.used > budget.limit) throw tooLargeUnzipped(budget.limit);
      if (size > entry.uncompressedSize) throw sizeMismatch();
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw damaged();
  }
  if (!keep) return new Uint8Array(0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function newBudget(limit: number = LIMITS.maxUnzippedBytes): ZipBudget {
  return { limit, used: 0 };
}

/**
 * Refuses an archive on what its central directory declares, before anything is inflated: a
 * total above the budget, or a large entry compressed more than documents ever are.
 */
export function checkDeclaredSizes(entries: ZipEntry[], budget: ZipBudget): void {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (budget.used + total > budget.limit) throw tooLargeUnzipped(budget.limit);
  for (const entry of entries) {
    if (
      entry.uncompressedSize > RATIO_CHECK_MIN_BYTES &&
      entry.uncompressedSize > MAX_COMPRESSION_RATIO * Math.max(1, entry.compressedSize)
    ) {
      const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
      throw new ExtractionError(
        'too-large',
        `This file is compressed ${ratio.toLocaleString('en-US')} to 1, far more than documents ever are (archive bombs are), and was refused.`,
      );
    }
  }
}

/**
 * Checks the declared sizes, then inflates every entry without keeping it: throws if the file
 * would expand past the budget or any entry past its declared size.
 */
export function vetZip(bytes: Uint8Array, budget: ZipBudget, signal?: AbortSignal): ZipEntry[] {
  const entries = listZipEntries(bytes);
  checkDeclaredSizes(entries, budget);
  for (const entry of entries) {
    signal?.throwIfAborted();
    inflateEntry(bytes, entry, budget, false);
  }
  return entries;
}

/** Reads the named entries as UTF-8 text; names not in the archive are simply absent. */
export function readZipText(bytes: Uint8Array, entries: ZipEntry[], names: Iterable<string>, budget: ZipBudget): Map<string, string> {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const decoder = new TextDecoder('utf-8');
  const out = new Map<string, string>();
  for (const name of names) {
    const entry = byName.get(name);
    if (entry && !out.has(name)) out.set(name, decoder.decode(inflateEntry(bytes, entry, budget)));
  }
  return out;
}
