import { describe, expect, it } from 'vitest';
import { displayFilename, storageSafeName } from './names';

describe('file names', () => {
  it('keeps only the last segment of what the browser sent, without control characters', () => {
    expect(displayFilename('../../etc/passwd')).toBe('passwd');
    expect(displayFilename('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(displayFilename('evil\u202Efdp.exe')).toBe('evilfdp.exe');
    expect(displayFilename('...')).toBe('unnamed');
    expect(displayFilename('')).toBe('unnamed');
    expect(displayFilename(`${'a'.repeat(300)}.pdf`)).toHaveLength(255);
    expect(displayFilename(`${'a'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
    expect(displayFilename('Résumé 2026.docx')).toBe('Résumé 2026.docx');
  });

  it('renders names safe for storage keys', () => {
    expect(storageSafeName('Résumé 2026.docx')).toBe('Resume_2026.docx');
    expect(storageSafeName('../x')).toBe('x');
    expect(storageSafeName('日本語')).toBe('file');
    expect(storageSafeName('.hidden')).toBe('hidden');
  });
});
