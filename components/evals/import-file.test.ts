import { describe, expect, it } from 'vitest';
import { checkImportFile, importFormatOf, MAX_IMPORT_BYTES } from './import-file';

describe('import files', () => {
  it('take their format from the extension', () => {
    expect(importFormatOf('cases.CSV')).toBe('csv');
    expect(importFormatOf('export.v3.jsonl')).toBe('jsonl');
    expect(importFormatOf('cases.json')).toBeNull();
    expect(importFormatOf('csv')).toBeNull();
  });

  it('are refused before sending when of another type, empty or over 1 MB', () => {
    expect(checkImportFile({ name: 'a.xlsx', size: 10 })).toEqual({ error: 'a.xlsx is neither a .csv nor a .jsonl file.' });
    expect(checkImportFile({ name: 'a.csv', size: 0 })).toEqual({ error: 'a.csv is empty.' });
    expect(checkImportFile({ name: 'a.csv', size: 3 * 1024 * 1024 })).toEqual({
      error: 'a.csv is larger than 1 MB (3 MB); split it into several imports.',
    });
    expect(checkImportFile({ name: 'a.jsonl', size: MAX_IMPORT_BYTES })).toEqual({ format: 'jsonl' });
  });
});
