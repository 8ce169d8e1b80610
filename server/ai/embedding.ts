import 'server-only';
import { EMBEDDING_DIMENSIONS } from '@/db/schema/documents';

/** Turns texts into vectors for pgvector; `model` is what embeddings_registry records. */
export interface EmbeddingProvider {
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, in the same order, each `dimensions` long. */
  embed(texts: string[]): Promise<number[][]>;
}

export const LOCAL_HASH_MODEL = 'local-hash-v1';

/**
 * Function words carry little meaning, so they count for little; they are not dropped outright
 * so that a query made only of them still gets a vector.
 */
const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
  our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
  these they this those through to too under until up very was we were what when where which while who whom why will
  with would you your yours yourself yourselves s t don`.split(/\s+/),
);

const WEIGHTS = { stopWord: 0.15, word: 1, bigram: 0.6, trigram: 0.25 } as const;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so that nearby strings scatter. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const INDEX_SEED = 0x9e3779b9;
const SIGN_SEED = 0x7f4a7c15;

/** Harman's S-stemmer: plural and singular meet ("plans" ~ "plan") without a dictionary. */
function stem(word: string): string {
  if (word.length <= 3 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !/(aes|ees|oes)$/.test(word)) return word.slice(0, -1);
  if (!/(us|ss)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function tokenizeForEmbedding(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).map((word) => stem(word.replace(/['’]s$/, '')));
}

/** Weighted features of a text: words, bigrams of content words, character trigrams of words. */
function features(text: string): Map<string, { count: number; weight: number }> {
  const out = new Map<string, { count: number; weight: number }>();
  const add = (key: string, weight: number) => {
    const entry = out.get(key);
    if (entry) entry.count++;
    else out.set(key, { count: 1, weight });
  };
  const words = tokenizeForEmbedding(text);
  const content = words.filter((word) => !STOP_WORDS.has(word));
  for (const word of words) add(`w:${word}`, STOP_WORDS.has(word) ? WEIGHTS.stopWord : WEIGHTS.word);
  // Bigrams skip function words: "price of the enterprise plan" yields "enterprise plan" as
  // "the Enterprise plan" does, and word order starts to count.
  for (let i = 1; i < content.length; i++) add(`b:${content[i - 1]} ${content[i]}`, WEIGHTS.bigram);
  // Trigrams let related forms meet ("priced" ~ "price", "pricing") and survive typos.
  for (const word of content) {
    if (word.length < 3) continue;
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, WEIGHTS.trigram);
  }
  return out;
}

/**
 * Offline, deterministic embeddings by feature hashing (no model, no download): each feature
 * lands in one of `dimensions` buckets with a hashed sign (so collisions cancel out on average
 * instead of piling up), weighted by a sublinear term frequency (1 + ln tf), and the vector is
 * L2-normalised so cosine similarity is a dot product. Texts sharing words, word pairs or word
 * pieces come out closer than unrelated ones; it does not know synonyms.
 */
export class LocalHashingEmbedder implements EmbeddingProvider {
  readonly model = LOCAL_HASH_MODEL;
  readonly dimensions: number;

  constructor(dimensions: number = EMBEDDING_DIMENSIONS) {
    this.dimensions = dimensions;
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    for (const [key, { count, weight }] of features(text)) {
      const index = hash32(key, INDEX_SEED) % this.dimensions;
      const sign = hash32(key, SIGN_SEED) & 1 ? 1 : -1;
      vector[index]! += sign * weight * (1 + Math.log(count));
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    // A text without a single word still gets a valid unit vector (a zero vector breaks cosine).
    if (norm === 0) {
      vector[0] = 1;
      norm = 1;
    }
    return Array.from(vector, (value) => value / norm);
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }
}

/** Cosine similarity; for the unit vectors produced here it is the dot product. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

let defaultProvider: EmbeddingProvider | null = null;

/** The embedder used when a tenant has configured no other provider. */
export function getEmbeddingProvider(): EmbeddingProvider {
  defaultProvider ??= new LocalHashingEmbedder();
  return defaultProvider;
}
