/**
 * Archive bombs: how much CPU refusing one costs, beside extracting a real Word document (the
 * baseline, in the same process). A 1 GiB bomb is refused on its central directory; one whose
 * directory lies about its sizes is stopped after one inflated slice.
 *
 *   npx tsx --conditions=react-server bench/zip-bomb.ts
 */
import { zipSync } from 'fflate';
import { extractDocument } from '@/server/documents/extract';
import { makeDeflateBombDocx, makeDocx } from '@/test/samples/generate';
import { summarize } from './stats';

const RUNS = 10;

/** CPU milliseconds (user + system) spent by `fn`, which must reject as a refusal or resolve. */
async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await fn().catch(() => {});
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** An entry of 256 MB of one byte whose central directory claims 10 bytes. */
function lyingBomb(): Uint8Array {
  const zip = zipSync({ 'word/document.xml': new Uint8Array(256 * 1024 * 1024).fill(0x20) }, { level: 1 });
  const dv = new DataView(zip.buffer);
  for (let i = zip.length - 22; i >= 0; i--) {
    if (dv.getUint32(i, true) === 0x02014b50) {
      dv.setUint32(i + 24, 10, true);
      break;
    }
  }
  return zip;
}

async function main() {
  const docx = await makeDocx();
  const gib = makeDeflateBombDocx(1);
  const lying = lyingBomb();
  const rows: Array<[string, number[]]> = [
    ['extract a real DOCX (baseline)', []],
    ['refuse a 1 GiB bomb (declared)', []],
    ['refuse a 256 MB bomb whose sizes lie', []],
  ];
  for (let i = 0; i < RUNS + 1; i++) {
    const samples = [
      await cpuMs(() => extractDocument(docx, 'docx')),
      await cpuMs(() => extractDocument(gib, 'docx')),
      await cpuMs(() => extractDocument(lying, 'docx')),
    ];
    if (i === 0) continue; // warm-up
    samples.forEach((ms, j) => rows[j]![1].push(ms));
  }
  const baseline = summarize(rows[0]![1]).p50;
  console.log(
    `Archive bombs, CPU time per file (${RUNS} runs, p50 / max), files: DOCX ${docx.length} B, 1 GiB bomb ${gib.length} B, lying bomb ${lying.length} B`,
  );
  for (const [label, samples] of rows) {
    const s = summarize(samples);
    console.log(
      `  ${label.padEnd(40)} ${s.p50.toFixed(1).padStart(7)} ms  ${s.max.toFixed(1).padStart(7)} ms   ${(s.p50 / baseline).toFixed(2)}× baseline`,
    );
  }
}

void main();
