import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseJsonl, toCsv } from './dataset-files';

const ID = '6f1c1d8e-3b1a-4c55-9d7e-0a1b2c3d4e5f';

describe('dataset files', () => {
  it('reads a CSV in any column order, with facts and documents one per line and pages after a colon', () => {
    const csv = `documents,question,key_facts\r\n"${ID}:2, 5",What?,"a\nb"\r\n`;
    expect(parseCsv(csv)).toEqual([
      { row: 2, value: { question: 'What?', expectedAnswer: '', keyFacts: ['a', 'b'], documents: [{ documentId: ID, pages: [2, 5] }] } },
    ]);
  });

  it('refuses a CSV without a question column or with an unknown one', () => {
    expect(() => parseCsv('query\nWhat?')).toThrow(CsvError);
    expect(() => parseCsv('question,answer\nWhat?,x')).toThrow(
      'Unknown column "answer"; the columns are question, expected_answer, key_facts, documents.',
    );
  });

  it('undoes the export formula guard only where the export adds it', () => {
    const csv = toCsv([{ question: '=1+1', expectedAnswer: "'quoted", keyFacts: [], documents: [] }]);
    expect(parseCsv(csv)[0]).toMatchObject({ value: { question: '=1+1', expectedAnswer: "'quoted" } });
  });

  it('numbers JSONL rows by their line, blank lines included', () => {
    expect(parseJsonl('{"question":"a"}\n\n{oops\n')).toEqual([
      { row: 1, value: { question: 'a' } },
      { row: 3, error: 'this line is not valid JSON.' },
    ]);
  });
});
