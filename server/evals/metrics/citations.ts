/**
 * Citation quality in the structure of ALCE (Gao et al. 2023, "Enabling Large Language Models to
 * Generate Text with Citations"), with a lexical support test in place of ALCE's NLI model, so the
 * numbers need no model and are deterministic. Also faithfulness (support by everything retrieved)
 * and hallucination.
 */
import { contentTokens, isNumberToken, splitAnswer, type AnswerSentence } from './text';

/**
 * Share of a sentence's distinct content tokens that must occur in the passages for them to
 * support it. 0.6 accepts a paraphrase that keeps most of the passage's words and refuses a
 * sentence that shares only its topic with the passage.
 */
export const SUPPORT_THRESHOLD = 0.6;

export type SupportOptions = { threshold?: number };

export type SupportResult = {
  supported: boolean;
  /** Share of the sentence's distinct content tokens found in the passages (0–1); 0 without tokens. */
  score: number;
  /** Numbers of the sentence missing from the passages; any makes the sentence unsupported. */
  missingNumbers: string[];
};

export const SUPPORT_RULE =
  `a sentence is supported by passages when at least ${SUPPORT_THRESHOLD * 100}% of its distinct content tokens ` +
  '(lowercased words without stopwords, lightly stemmed, and numbers) occur in the passages taken together, and every number in it does';

/**
 * The lexical support test: does the text of `passages` (taken together) support `sentence`?
 * Supported when the share of the sentence's distinct content tokens present in the passages is
 * at least the threshold AND every number of the sentence is present: a wrong figure is the
 * hallucination that matters most and would otherwise pass on its surrounding words.
 * A sentence with no content token is never supported (there is nothing to check).
 */
export function supportScore(sentence: string, passages: readonly string[], options: SupportOptions = {}): SupportResult {
  const threshold = options.threshold ?? SUPPORT_THRESHOLD;
  const claim = [...new Set(contentTokens(sentence))];
  if (claim.length === 0) return { supported: false, score: 0, missingNumbers: [] };
  const have = new Set(contentTokens(passages.join('\n')));
  const score = claim.filter((t) => have.has(t)).length / claim.length;
  const missingNumbers = claim.filter((t) => isNumberToken(t) && !have.has(t));
  return { supported: score >= threshold && missingNumbers.length === 0, score, missingNumbers };
}

/** {@link supportScore}'s verdict only. */
export function supports(sentence: string, passages: readonly string[], options: SupportOptions = {}): boolean {
  return supportScore(sentence, passages, options).supported;
}

export type CitationInput = {
  /** The answer with its citation markers (`[1]`, `[2][3]`, `[1, 2]`). */
  answer: string;
  /**
   * The text of each cited passage by marker number. A marker with no passage here counts as a
   * citation of an empty passage: it supports nothing.
   */
  cited: ReadonlyMap<number, string> | Readonly<Record<number, string>>;
  /** The text of every retrieved passage, cited or not, for faithfulness. */
  retrieved: readonly string[];
};

/** How one answer sentence fared, for the case view. */
export type SentenceVerdict = {
  text: string;
  citations: number[];
  /** Its cited passages together support it (false without citations). */
  supportedByCitations: boolean;
  /** The retrieved passages together support it. */
  supportedByRetrieved: boolean;
  /** Citations that count for precision (ALCE); the others are irrelevant. */
  preciseCitations: number[];
};

export type CitationMetrics = {
  citationRecall: number | null;
  citationPrecision: number | null;
  faithfulness: number | null;
  hallucination: number | null;
  sentences: SentenceVerdict[];
};

export const CITATION_RECALL_FORMULA =
  'citation recall = (answer sentences supported by their cited passages taken together) / (answer sentences); a sentence without citation is unsupported';
export const CITATION_PRECISION_FORMULA =
  'citation precision = (citations that support their sentence) / (all citations); a citation counts when its sentence is supported by all its ' +
  'citations together and, if the sentence has several, it supports the sentence alone or the others without it do not (ALCE)';
export const FAITHFULNESS_FORMULA =
  'faithfulness = (answer sentences supported by all retrieved passages taken together) / (answer sentences)';
export const HALLUCINATION_FORMULA = 'hallucination = 1 − faithfulness';

function lookup(cited: CitationInput['cited'], n: number): string {
  const text = cited instanceof Map ? cited.get(n) : (cited as Readonly<Record<number, string>>)[n];
  return text ?? '';
}

/**
 * ALCE's precision for one sentence: its citations that count. When the citations together do not
 * support the sentence, none counts. With one citation that supports, it counts. With several,
 * a citation is irrelevant when it alone does not support the sentence AND the remaining
 * citations without it still do (it added nothing); every other citation counts.
 */
function preciseCitations(sentence: AnswerSentence, cited: CitationInput['cited'], joint: boolean, options: SupportOptions): number[] {
  if (!joint) return [];
  if (sentence.citations.length === 1) return [...sentence.citations];
  return sentence.citations.filter((n) => {
    if (supports(sentence.text, [lookup(cited, n)], options)) return true;
    const rest = sentence.citations.filter((m) => m !== n).map((m) => lookup(cited, m));
    return !supports(sentence.text, rest, options);
  });
}

/**
 * Citation recall and precision (ALCE), faithfulness and hallucination of one answer. The answer
 * is split into sentences (see `splitAnswer`); sentences with no content token ("Yes.") make no
 * claim and are left out. An answer with no sentence gives `null` for all four.
 */
export function citationMetrics(input: CitationInput, options: SupportOptions = {}): CitationMetrics {
  const sentences = splitAnswer(input.answer).filter((s) => contentTokens(s.text).length > 0);
  if (sentences.length === 0) {
    return { citationRecall: null, citationPrecision: null, faithfulness: null, hallucination: null, sentences: [] };
  }
  const verdicts: SentenceVerdict[] = sentences.map((s) => {
    const passages = s.citations.map((n) => lookup(input.cited, n));
    const joint = s.citations.length > 0 && supports(s.text, passages, options);
    return {
      text: s.text,
      citations: s.citations,
      supportedByCitations: joint,
      supportedByRetrieved: supports(s.text, input.retrieved, options),
      preciseCitations: preciseCitations(s, input.cited, joint, options),
    };
  });
  const citationCount = verdicts.reduce((sum, v) => sum + v.citations.length, 0);
  const faithfulness = verdicts.filter((v) => v.supportedByRetrieved).length / verdicts.length;
  return {
    citationRecall: verdicts.filter((v) => v.supportedByCitations).length / verdicts.length,
    // No citation at all: nothing to be precise about (recall already reports the missing citations).
    citationPrecision: citationCount === 0 ? null : verdicts.reduce((sum, v) => sum + v.preciseCitations.length, 0) / citationCount,
    faithfulness,
    hallucination: 1 - faithfulness,
    sentences: verdicts,
  };
}
