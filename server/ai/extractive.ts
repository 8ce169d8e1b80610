import 'server-only';
import { countTokens } from '@/server/documents/chunk';
import { NO_ANSWER, type AnswerInput, type ChatEvent, type ChatModel } from './chat-model';
import { cosineSimilarity, getEmbeddingProvider } from './embedding';
import { contentWords, overlap, splitSentences } from './text';

/** At least this share of the question's content words, or a close meaning, makes a sentence relevant. */
const MIN_OVERLAP = 0.34;
const MIN_SIMILARITY = 0.3;
const MAX_SENTENCES = 4;
const MAX_PER_PASSAGE = 2;

/** "It costs 90 euros." → "It costs 90 euros [2]." : the marker belongs inside its sentence. */
function withMarker(sentence: string, n: number): string {
  const match = /([.!?:;]+)$/.exec(sentence);
  return match ? `${sentence.slice(0, -match[1]!.length)} [${n}]${match[1]}` : `${sentence} [${n}]`;
}

type Candidate = { n: number; position: number; text: string; score: number; lexical: number; semantic: number };

/**
 * The default model: offline and grounded. Its answer is made only of sentences of the
 * retrieved passages, each followed by the marker of the passage it comes from; when no sentence
 * is relevant enough it says so instead of guessing.
 */
export class ExtractiveAnswerer implements ChatModel {
  readonly provider = 'local';
  readonly model = 'extractive-v1';

  constructor(private readonly streamDelayMs = 12) {}

  /** The sentences the answer will consist of, best first within passage order. */
  async select(question: string, contexts: AnswerInput['contexts']): Promise<Candidate[]> {
    const questionWords = contentWords(question);
    const sentences = contexts.flatMap((ctx) =>
      splitSentences(ctx.content)
        // A sentence says something: headings and labels ("Office hours") are not answers.
        .filter((s) => contentWords(s.text).length >= 2 && (/[.!?]$/.test(s.text) || s.text.split(/\s+/).length >= 8))
        .map((s, position) => ({ n: ctx.n, position, text: s.text })),
    );
    if (sentences.length === 0 || questionWords.length === 0) return [];
    const embedder = getEmbeddingProvider();
    const [questionVector, ...vectors] = await embedder.embed([question, ...sentences.map((s) => s.text)]);
    const scored: Candidate[] = sentences.map((s, i) => {
      const lexical = overlap(questionWords, s.text);
      const semantic = cosineSimilarity(questionVector!, vectors[i]!);
      return { ...s, lexical, semantic, score: 0.6 * lexical + 0.4 * semantic };
    });
    const relevant = scored.filter((c) => c.lexical >= MIN_OVERLAP || (c.lexical > 0 && c.semantic >= MIN_SIMILARITY));
    if (relevant.length === 0) return [];
    relevant.sort((a, b) => b.score - a.score);
    const floor = relevant[0]!.score * 0.6;
    const chosen: Candidate[] = [];
    const perPassage = new Map<number, number>();
    for (const c of relevant) {
      if (chosen.length >= MAX_SENTENCES || c.score < floor) break;
      if ((perPassage.get(c.n) ?? 0) >= MAX_PER_PASSAGE) continue;
      // Overlapping chunks repeat sentences: say each thing once.
      if (chosen.some((d) => overlap(contentWords(d.text), c.text) > 0.8)) continue;
      chosen.push(c);
      perPassage.set(c.n, (perPassage.get(c.n) ?? 0) + 1);
    }
    return chosen.sort((a, b) => a.n - b.n || a.position - b.position);
  }

  async *answer(input: AnswerInput): AsyncIterable<ChatEvent> {
    const chosen = await this.select(input.searchQuery ?? input.question, input.contexts);
    const text = chosen.length === 0 ? NO_ANSWER : chosen.map((c) => withMarker(c.text, c.n)).join(' ');
    // Streamed a few words at a time, as a remote model would, so the interface behaves the same.
    const pieces = text.match(/\S+\s*/g) ?? [text];
    for (let i = 0; i < pieces.length; i += 3) {
      input.signal?.throwIfAborted();
      yield { type: 'delta', text: pieces.slice(i, i + 3).join('') };
      if (this.streamDelayMs > 0) await new Promise((r) => setTimeout(r, this.streamDelayMs));
    }
    const prompt = [input.question, ...input.contexts.map((c) => c.content)].join('\n');
    yield { type: 'usage', inputTokens: countTokens(prompt), outputTokens: countTokens(text) };
  }
}
