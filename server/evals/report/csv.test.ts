import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fixtureCases, fixtureRun } from '@/test/eval-run-fixture';
import { REPORT_CSV_HEADER, runReportCsv } from './csv';

describe('runReportCsv', () => {
  const csv = runReportCsv(fixtureRun(), fixtureCases().reverse());
  const lines = csv.split('\r\n');

  it('names every column, each case metric by its label', () => {
    expect(lines[0]).toBe(
      'Seq,Question,Status,Error,Failure reasons,Abstained,Answer,Reference answer,Key facts present,Key facts total,' +
        'Hit@k,Recall@k,MRR,nDCG@k,Exact match,Token F1,Key-fact coverage,Citation recall,Citation precision,Faithfulness,Hallucination,' +
        'Latency (ms),Input tokens,Output tokens,Cost (USD),Citations,Gold documents,Retrieved documents',
    );
  });

  it('writes one row per case in seq order: metrics to four decimals, gold passages starred, lists one per line', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(lines[1]).toBe(
      '1,What is the notice period for employees?,ok,,,no,The notice period is 30 days [1]. It must be given in writing [1].,' +
        '"Thirty days, given in writing.",2,2,1.0000,1.0000,1.0000,1.0000,0.0000,0.6000,1.0000,1.0000,1.0000,1.0000,0.0000,' +
        '850,1400,40,0.0021,1,handbook.pdf (p. 4),"1:handbook.pdf*\n2:travel-policy.docx"',
    );
    const rows = parse(csv) as string[][];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === REPORT_CSV_HEADER.length)).toBe(true);
    const abstained = Object.fromEntries(REPORT_CSV_HEADER.map((name, i) => [name, rows[2]![i]]));
    expect(abstained).toMatchObject({
      Seq: '2',
      Status: 'ok',
      'Failure reasons': 'abstained;missing_key_facts',
      Abstained: 'yes',
      'Key facts present': '0',
      'Key facts total': '1',
      'nDCG@k': '0.6310',
      'Citation recall': '',
      Hallucination: '',
      'Gold documents': 'handbook.pdf\ntravel-policy.docx',
      'Retrieved documents': '1:travel-policy.docx*\n2:handbook.pdf*',
    });
  });

  it('leaves the metrics of an errored case empty, never 0', () => {
    const errored = lines.at(-2);
    expect(errored).toBe(
      '3,Who approves expenses over $500?,error,The model provider timed out.,error,no,,,0,0,,,,,,,,,,,,,0,0,0.0002,0,,',
    );
    expect(lines.at(-1)).toBe('');
  });

  it('quotes per RFC 4180 and guards cells a spreadsheet would run as formulas', () => {
    const [first] = fixtureCases();
    const hostile = {
      ...first!,
      question: '=HYPERLINK("http://evil.test","click")',
      answer: '-2+3 "quoted", with a comma',
      retrieved: [{ ...first!.retrieved[0]!, filename: '@SUM(A1).pdf' }],
    };
    const rows = parse(runReportCsv(fixtureRun(), [hostile])) as string[][];
    expect(rows[1]![1]).toBe('\'=HYPERLINK("http://evil.test","click")');
    expect(rows[1]![6]).toBe('\'-2+3 "quoted", with a comma');
    expect(rows[1]!.at(-1)).toBe('1:@SUM(A1).pdf*');
  });
});
