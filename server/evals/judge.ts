/**
 * Optional model-judged metrics of an evaluation run: claim-level faithfulness and answer
 * relevance, asked of the tenant's own model. They are labelled as model-judged everywhere and
 * kept apart from the deterministic metrics (never averaged with them, never in the CLI gate).
 */

export type JudgeClaim = { text: string; supported: boolean };

export type Judgement = {
  /** Supported claims / claims; null when the answer makes no claim. */
  claimFaithfulness: number | null;
  /** (rating − 1) / 4 of a 1–5 rating of how well the answer addresses the question. */
  answerRelevance: number;
  claims: JudgeClaim[];
};

export const JUDGE_METRICS = {
  claimFaithfulness: {
    label: 'Claim faithfulness (model-judged)',
    formula:
      'claim faithfulness = (claims of the answer the judge model found supported by the retrieved passages) / (claims it found); the model splits the answer into claims',
  },
  answerRelevance: {
    label: 'Answer relevance (model-judged)',
    formula: 'answer relevance = (rating − 1) / 4, where the judge model rates from 1 to 5 how directly the answer addresses the question',
  },
} as const;

export type JudgeMetricName = keyof typeof JUDGE_METRICS;

const MAX_PASSAGE_CHARS = 4000;
const MAX_CLAIMS = 30;

export const JUDGE_SYSTEM_PROMPT = [
  'You grade an answer produced by a retrieval-augmented assistant. You are strict and literal.',
  '1. Split the ANSWER into its atomic factual claims (at most 30). Ignore citation markers like [1].',
  '2. For each claim, decide whether the PASSAGES state or directly imply it. Outside knowledge does not count.',
  '3. Rate from 1 to 5 how directly the ANSWER addresses the QUESTION (1: not at all, 5: fully and only).',
  'Reply with JSON only, no prose, exactly in this shape:',
  '{"claims": [{"claim": "…", "supported": true}], "relevance": 4}',
].join('\n');

export function judgeMessages(question: string, answer: string, passages: readonly string[]) {
  const block = passages.map((p, i) => `[${i + 1}] ${p.slice(0, MAX_PASSAGE_CHARS)}`).join('\n\n') || '(no passages)';
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    { role: 'user', content: `QUESTION:\n${question}\n\nPASSAGES:\n${block}\n\nANSWER:\n${answer}` },
  ];
}

/** The first balanced JSON object in the text (models wrap JSON in prose or code fences). */
function firstJsonObject(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/** The judge's reply as metrics, or null when it is not the JSON asked for (counted as a judge error). */
export function parseJudgement(text: string): Judgement | null {
  const json = firstJsonObject(text);
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { claims, relevance } = value as { claims?: unknown; relevance?: unknown };
  if (!Array.isArray(claims) || typeof relevance !== 'number' || !Number.isFinite(relevance)) return null;
  const rating = Math.round(relevance);
  if (rating < 1 || rating > 5) return null;
  const parsed: JudgeClaim[] = [];
  for (const c of claims.slice(0, MAX_CLAIMS)) {
    if (!c || typeof c !== 'object') return null;
    const { claim, supported } = c as { claim?: unknown; supported?: unknown };
    if (typeof claim !== 'string' || typeof supported !== 'boolean') return null;
    if (claim.trim()) parsed.push({ text: claim.trim().slice(0, 500), supported });
  }
  return {
    claimFaithfulness: parsed.length === 0 ? null : parsed.filter((c) => c.supported).length / parsed.length,
    answerRelevance: (rating - 1) / 4,
    claims: parsed,
  };
}
