import type { CaseResultOutput, CompareOutput, RunOutput } from '@/server/evals/runs-schema';

/**
 * A finished evaluation run of three cases (one answered and passing, one abstained, one that
 * failed with an error), built by hand for the report renderers' tests and the sample report.
 */
export const RUN_ID = '0b7e4a52-54c1-4a53-9c0e-2d4f1e7a9b10';
export const DATASET_ID = '3c1f0f7e-8a6b-4d1c-b9e2-5f4a3b2c1d0e';
const HANDBOOK = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const POLICY = '1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a';
const CHUNK = (n: number) => `c0c0c0c0-0000-4000-8000-00000000000${n}`;

export function fixtureRun(overrides: Partial<RunOutput> = {}): RunOutput {
  return {
    id: RUN_ID,
    name: 'top k 10',
    datasetId: DATASET_ID,
    datasetName: 'HR questions',
    status: 'completed',
    progress: { done: 3, total: 3, errors: 1 },
    snapshot: {
      datasetVersion: 4,
      caseCount: 3,
      model: 'gpt-4o-mini',
      provider: 'openai',
      embedder: 'text-embedding-3-small',
      retrieval: { topK: 10, candidates: 40, vectorWeight: 0.7, textWeight: 0.3, rrfK: 60 },
      k: 5,
      collectionIds: [],
      documentsHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      documentCount: 12,
      startedBy: { id: 'aaaaaaaa-1111-4222-8333-444444444444', name: 'Ada Admin' },
    },
    summary: {
      cases: 3,
      succeeded: 2,
      errors: 1,
      passing: 1,
      abstained: 1,
      metrics: {
        hitAtK: { mean: 1, n: 2 },
        recallAtK: { mean: 0.75, n: 2 },
        reciprocalRank: { mean: 0.75, n: 2 },
        ndcgAtK: { mean: 0.8155, n: 2 },
        exactMatch: { mean: 0, n: 2 },
        tokenF1: { mean: 0.4, n: 2 },
        keyFactCoverage: { mean: 0.5, n: 2 },
        citationRecall: { mean: 1, n: 1 },
        citationPrecision: { mean: 1, n: 1 },
        faithfulness: { mean: 1, n: 1 },
        hallucination: { mean: 0, n: 1 },
      },
      latencyMs: { p50: 850, p95: 1240, n: 2 },
      tokens: { mean: 1550, total: 3100, n: 2 },
      costUsd: { total: 0.0042, n: 3 },
    },
    error: null,
    isBaseline: false,
    approvedAt: null,
    createdBy: 'Ada Admin',
    createdAt: new Date('2026-11-30T09:00:00Z'),
    startedAt: new Date('2026-11-30T09:00:05Z'),
    finishedAt: new Date('2026-11-30T09:02:19Z'),
    ...overrides,
  };
}

export function fixtureCases(): CaseResultOutput[] {
  return [
    {
      id: 'f1f1f1f1-0000-4000-8000-000000000001',
      caseId: 'e1e1e1e1-0000-4000-8000-000000000001',
      seq: 1,
      question: 'What is the notice period for employees?',
      expectedAnswer: 'Thirty days, given in writing.',
      keyFacts: [
        { text: '30 days', present: true },
        { text: 'in writing', present: true },
      ],
      goldDocuments: [{ documentId: HANDBOOK, filename: 'handbook.pdf', pages: [4] }],
      status: 'ok',
      error: null,
      answer: 'The notice period is 30 days [1]. It must be given in writing [1].',
      abstained: false,
      citations: [
        {
          n: 1,
          chunkId: CHUNK(1),
          documentId: HANDBOOK,
          filename: 'handbook.pdf',
          page: 4,
          quote: 'Either party may end employment with 30 days notice in writing.',
          score: 0.82,
        },
      ],
      retrieved: [
        {
          rank: 1,
          chunkId: CHUNK(1),
          documentId: HANDBOOK,
          filename: 'handbook.pdf',
          page: 4,
          section: 'Leaving',
          content: 'Either party may end employment with 30 days notice in writing.',
          score: 0.82,
          gold: true,
        },
        {
          rank: 2,
          chunkId: CHUNK(2),
          documentId: POLICY,
          filename: 'travel-policy.docx',
          page: null,
          section: null,
          content: 'Travel must be booked through the portal.',
          score: 0.41,
          gold: false,
        },
      ],
      sentences: [
        { text: 'The notice period is 30 days [1].', citations: [1], supportedByCitations: true, supportedByRetrieved: true, preciseCitations: [1] },
        { text: 'It must be given in writing [1].', citations: [1], supportedByCitations: true, supportedByRetrieved: true, preciseCitations: [1] },
      ],
      metrics: {
        hitAtK: 1,
        recallAtK: 1,
        reciprocalRank: 1,
        ndcgAtK: 1,
        exactMatch: 0,
        tokenF1: 0.6,
        keyFactCoverage: 1,
        citationRecall: 1,
        citationPrecision: 1,
        faithfulness: 1,
        hallucination: 0,
      },
      failures: [],
      latencyMs: 850,
      inputTokens: 1400,
      outputTokens: 40,
      costUsd: 0.0021,
    },
    {
      id: 'f1f1f1f1-0000-4000-8000-000000000002',
      caseId: 'e1e1e1e1-0000-4000-8000-000000000002',
      seq: 2,
      question: 'How many days of parental leave are there?',
      expectedAnswer: '16 weeks',
      keyFacts: [{ text: '16 weeks', present: false }],
      goldDocuments: [
        { documentId: HANDBOOK, filename: 'handbook.pdf', pages: null },
        { documentId: POLICY, filename: 'travel-policy.docx', pages: null },
      ],
      status: 'ok',
      error: null,
      answer: 'I could not find an answer in the documents.',
      abstained: true,
      citations: [],
      retrieved: [
        {
          rank: 1,
          chunkId: CHUNK(3),
          documentId: POLICY,
          filename: 'travel-policy.docx',
          page: null,
          section: null,
          content: 'Per diems are paid for each day of travel.',
          score: 0.35,
          gold: true,
        },
        {
          rank: 2,
          chunkId: CHUNK(4),
          documentId: HANDBOOK,
          filename: 'handbook.pdf',
          page: 9,
          section: 'Leave',
          content: 'Annual leave is 25 days.',
          score: 0.3,
          gold: true,
        },
      ],
      sentences: [],
      metrics: {
        hitAtK: 1,
        recallAtK: 0.5,
        reciprocalRank: 0.5,
        ndcgAtK: 0.631,
        exactMatch: 0,
        tokenF1: 0.2,
        keyFactCoverage: 0,
        citationRecall: null,
        citationPrecision: null,
        faithfulness: null,
        hallucination: null,
      },
      failures: ['abstained', 'missing_key_facts'],
      latencyMs: 1240,
      inputTokens: 1600,
      outputTokens: 60,
      costUsd: 0.0019,
    },
    {
      id: 'f1f1f1f1-0000-4000-8000-000000000003',
      caseId: 'e1e1e1e1-0000-4000-8000-000000000003',
      seq: 3,
      question: 'Who approves expenses over $500?',
      expectedAnswer: null,
      keyFacts: [],
      goldDocuments: [],
      status: 'error',
      error: 'The model provider timed out.',
      answer: '',
      abstained: false,
      citations: [],
      retrieved: [],
      sentences: [],
      metrics: {},
      failures: ['error'],
      latencyMs: null,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0.0002,
    },
  ];
}

/** The fixture run compared with an earlier baseline of the same dataset. */
export function fixtureComparison(): CompareOutput {
  const candidate = fixtureRun();
  const baseline = fixtureRun({
    id: '0b7e4a52-54c1-4a53-9c0e-2d4f1e7a9b09',
    name: 'top k 6',
    isBaseline: true,
    approvedAt: new Date('2026-11-29T12:00:00Z'),
  });
  const interval = (delta: number, low: number, high: number, verdict: 'better' | 'worse' | 'no-difference') => ({
    baselineMean: 0.5,
    candidateMean: 0.5 + delta,
    delta,
    low,
    high,
    n: 2,
    dropped: 1,
    significant: verdict !== 'no-difference',
    verdict,
  });
  return {
    baseline,
    candidate,
    paired: 2,
    metrics: {
      hitAtK: interval(0.5, 0.5, 0.5, 'better'),
      recallAtK: interval(0.25, 0, 0.5, 'no-difference'),
      tokenF1: interval(-0.1, -0.2, -0.05, 'worse'),
      hallucination: interval(0, 0, 0, 'no-difference'),
    },
    counts: { newlyFailing: 1, newlyPassing: 1, stillFailing: 1, stillPassing: 0 },
    cases: {
      items: [
        { caseId: 'e1e1e1e1-0000-4000-8000-000000000002', seq: 2, question: 'How many days of parental leave are there?', change: 'newlyFailing', baseline: null, candidate: null },
        { caseId: 'e1e1e1e1-0000-4000-8000-000000000001', seq: 1, question: 'What is the notice period for employees?', change: 'newlyPassing', baseline: null, candidate: null },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    },
    changes: [{ field: 'retrieval.topK', baseline: '6', candidate: '10' }],
  };
}
