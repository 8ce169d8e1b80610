import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDeflateBombDocx, makePptx, makeZipBombDocx } from '@/test/samples/generate';
import { ExtractionError } from './errors';
import { extractDocument } from './index';
import { checkDeclaredSizes, inflateEntry, listZipEntries, newBudget, readZipText, vetZip } from './zip';

const CENTRAL_SIGNATURE = 0x02014b50;

/** Offsets of the central directory records, to tamper with them as an attacker would. */
function centralRecords(zip: Uint8Array): number[] {
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (dv.getUint32(i, true) === CENTRAL_SIGNATURE) out.push(i);
  return out;
}

describe('zip reader', () => {
  it('lists entries and reads them as text', () => {
    const zip = zipSync({ 'a.txt': strToU8('alpha'), 'dir/b.xml': strToU8('<b>beta</b>') });
    const entries = listZipEntries(zip);
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.txt', 5],
      ['dir/b.xml', 11],
    ]);
    expect(readZipText(zip, entries, ['dir/b.xml', 'missing'], newBudget())).toEqual(new Map([['dir/b.xml', '<b>beta</b>']]));
  });

  it('refuses archives with too many entries', () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, strToU8('x')]));
    expect(() => listZipEntries(zipSync(files), 10)).toThrow('This file contains more than 10 parts and was refused.');
  });

  it('refuses a bomb on its declared sizes before inflating anything: total, then ratio', () => {
    const gib = makeDeflateBombDocx(1);
    const budget = newBudget();
    expect(() => vetZip(gib, budget)).toThrow('This file expands to more than 200 MB and was refused.');
    expect(budget.used).toBe(0);
    // Within the total, but 1,000 to 1: no document compresses like that.
    const dense = makeZipBombDocx(20);
    const second = newBudget();
    expect(() => vetZip(dense, second)).toThrow(/^This file is compressed [\d,]+ to 1, far more than documents ever are/);
    expect(second.used).toBe(0);
    // Real documents pass.
    const entries = listZipEntries(zipSync({ 'word/document.xml': strToU8('<w:document>hello</w:document>'.repeat(1000)) }));
    expect(() => checkDeclaredSizes(entries, newBudget())).not.toThrow();
  });

  it('refuses the 1 GiB bomb in a PPTX too, and through extractDocument, without inflating it', async () => {
    await expect(extractDocument(makeDeflateBombDocx(1), 'docx')).rejects.toMatchObject({ code: 'too-large' });
    await expect(extractDocument(makeDeflateBombDocx(1), 'pptx')).rejects.toMatchObject({ code: 'too-large' });
    await expect(extractDocument(await makePptx(), 'pptx')).resolves.toMatchObject({ pageCount: 3 });
  });

  it('stops inflating an entry as soon as it outgrows the size it declares', () => {
    const zip = zipSync({ 'big.txt': new Uint8Array(64 * 1024 * 1024).fill(65) }, { level: 1 });
    // Lie: claim the entry inflates to 10 bytes, so the declared checks pass.
    const dv = new DataView(zip.buffer);
    dv.setUint32(centralRecords(zip)[0]! + 24, 10, true);
    const entries = listZipEntries(zip);
    expect(entries[0]!.uncompressedSize).toBe(10);
    const budget = newBudget();
    expect(() => vetZip(zip, budget)).toThrow('This file is damaged and cannot be read (its parts are larger than it says).');
    // One slice was inflated, not the 64 MB.
    expect(budget.used).toBeGreaterThan(10);
    expect(budget.used).toBeLessThan(20 * 1024 * 1024);
  });

  it('still counts real inflated bytes against the budget when the declared sizes are honest', () => {
    const zip = zipSync({ 'big.txt': new Uint8Array(3 * 1024 * 1024).fill(65) }, { level: 9 });
    const [entry] = listZipEntries(zip);
    const budget = newBudget(1024 * 1024);
    expect(() => inflateEntry(zip, entry!, budget, false)).toThrow('This file expands to more than 1 MB and was refused.');
    expect(() => vetZip(zip, newBudget(4 * 1024 * 1024))).not.toThrow();
  });

  it('charges every entry in full, so overlapping entries cannot multiply a small payload', () => {
    const zip = zipSync({ 'one.txt': new Uint8Array(600 * 1024).fill(66) }, { level: 9 });
    const [entry] = listZipEntries(zip);
    const budget = newBudget(1024 * 1024);
    inflateEntry(zip, entry!, budget, false);
    // The same data referenced again (as a second central record would) is counted again.
    expect(() => inflateEntry(zip, entry!, budget, false)).toThrow(ExtractionError);
    expect(budget.used).toBeGreaterThan(1024 * 1024);
  });

  it('says when entries are encrypted, and when the archive is damaged', () => {
    const zip = zipSync({ 'secret.txt': strToU8('hidden') });
    const dv = new DataView(zip.buffer);
    dv.setUint16(centralRecords(zip)[0]! + 8, 1, true);
    const [entry] = listZipEntries(zip);
    expect(() => inflateEntry(zip, entry!, newBudget())).toThrow('This file is password-protected.');
    expect(() => listZipEntries(strToU8('PK\u0003\u0004 nothing else here at all'))).toThrow('This file is damaged and cannot be read.');
    expect(() => listZipEntries(zip.slice(0, zip.length - 30))).toThrow(ExtractionError);
  });
});
