import 'server-only';
import { countTokens } from '@/server/documents/chunk';
import { NO_ANSWER, type AnswerInput, type ChatContext, type ChatEvent, type ChatModel, type ChatTurn } from './chat-model';
import { contentWords, splitSentences } from './text';

/** At least this share of the question's content words (plain or weighted by rarity) makes a sentence relevant. */
const MIN_OVERLAP = 0.34;
/** An answer says at most this many statements in at most about this many characters. */
const MAX_STATEMENTS = 3;
const CHAR_BUDGET = 500;
/** A single sentence longer than this is cut at a clause boundary rather than quoted whole. */
const MAX_SENTENCE_CHARS = 420;
/** Statements scoring below this share of the best one add noise, not information. */
const FLOOR = 0.6;

/** A sentence or table row of a passage: the unit the answer quotes. */
type Unit = {
  n: number;
  /** Position within its passage, to keep neighbours together and in order. */
  index: number;
  text: string;
  words: string[];
  /** A table row as header/value pairs, said in plain words when chosen. */
  cells?: Array<[string, string]>;
  /** The sentence ending in a colon that introduces this line ("exits with one of these codes:"). */
  lead?: number;
};

export type Statement = { n: number; position: number; text: string; score: number };

/** What kind of answer the question asks for, by its wording. */
type Cue = 'number' | 'price' | 'time' | 'person' | 'place' | 'definition' | 'procedure' | 'permission' | null;

const NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|percent|half|once|twice)\b/i;
const PRICE = /[€$£¥]|\b(?:eur|euros?|usd|dollars?|pounds?|cents?|free of charge|no-charge|per (?:user|month|year|seat|day))\b/i;
const TIME =
  /\b\d{1,2}[:.]\d{2}\b|\b(?:\d{4}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|days?|hours?|minutes?|weeks?|months?|years?|daily|weekly|annually|within|before|after|until|prior to|as of|when|whenever|once|immediately)\b/i;
const PERSON =
  /\b(?:team|manager|director|officer|department|board|owner|holder|licensor|licensee|author|contributor|approved by|responsible|administrator|admin|staff|employee|customer|you)\b|\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b/iu;
const PLACE =
  /@|https?:\/\/|\/[\w.-]+\/|\b(?:room|floor|building|street|address|office|directory|folder|located|stored|kept in|found in|available at)\b/i;
const DEFINITION = /\b(?:is|are|means?|refers? to|stands? for|is defined as|shall mean|consists? of|is called)\b|^["“'][^"”']+["”']/i;
const PROCEDURE = /\b(?:run|use|click|open|select|enter|type|set|send|go to|press|call|install|first|then|to \w+ .*,)\b|^to\b/i;
const PERMISSION = /\b(?:may|must|can|cannot|can't|shall|should|permitted|allowed|prohibited|required|not|no|only|forbidden|free to)\b/i;

const CUE_PATTERN: Record<Exclude<Cue, null>, RegExp> = {
  number: NUMBER,
  price: PRICE,
  time: TIME,
  person: PERSON,
  place: PLACE,
  definition: DEFINITION,
  procedure: PROCEDURE,
  permission: PERMISSION,
};

/** The kind of answer the question's wording asks for, or null when it says nothing particular. */
export function questionCue(question: string): Cue {
  const q = question.toLowerCase();
  if (/\b(?:how much|price|prices|cost|costs|fee|fees|charge|pay|paid|expensive|cheap)\b/.test(q)) return 'price';
  if (
    /\b(?:how (?:many|often|big|large|long is)|what (?:number|percentage|size)|which (?:port|version|number)|port|version|limit|maximum|minimum)\b/.test(
      q,
    )
  )
    return 'number';
  if (/\b(?:when|what time|how (?:long|soon|fast|quickly)|deadline|until|by what date|how far in advance)\b/.test(q)) return 'time';
  if (/\bwho(?:m|se)?\b/.test(q)) return 'person';
  if (/\bwhere\b/.test(q)) return 'place';
  if (/\b(?:what (?:is|are|does .* mean)|define|definition|meaning of|what do you mean)\b/.test(q)) return 'definition';
  if (/\bhow (?:do|can|should|to|does one)\b|\bsteps?\b/.test(q)) return 'procedure';
  if (/^(?:can|may|must|is it|am i|are we|do i|does .* (?:allow|permit|require))\b|\b(?:allowed|permitted|required|obliged)\b/.test(q))
    return 'permission';
  return null;
}

/** Words that frame a question rather than name its subject ("what does X mean", "what kind of"). */
const QUESTION_FRAME = new Set(contentWords('mean meaning define definition happen happens kind sort type explain describe tell say says'));

/**
 * A sentence that carries on the one before it: read alone, it would lose its subject. "This
 * License…" names its subject, so a capitalised word after "This" does not count.
 */
const CONTINUATION =
  /^(?:[Tt]h(?:is|at|ese|ose)(?! [A-Z])|[Ii]ts?|[Tt]he(?:y|ir|m)|[Ss]uch|[Hh]owever|[Bb]ut|[Tt]herefore|[Tt]hus|[Hh]ence|[Oo]therwise|[Ii]n (?:that|this) case|[Aa]lso|[Mm]oreover|[Ff]urthermore|[Tt]hen|[Ii]f so|[Aa]s a result|[Tt]he (?:latter|former))\b/;
/** "3. Grant of Patent License." and "## Billing": a heading is a label, not an answer. */
// Words are separated by required whitespace: with optional separators, a run of capitals could be
// split into words in exponentially many ways (a 100-letter ALL-CAPS line hung the answerer).
const HEADING =
  /^(?:#+\s|\(?\d{1,3}(?:\.\d+)*[.)]?\s+\p{Lu}[\p{L}'-]*(?:\s+(?:(?:of|and|or|the|to|for|in|on|with|a|an)\s+)?\p{Lu}[\p{L}'-]*)*\s*\.?$)/u;

/** `service: ssh; port: 22` rows (as CSV rows are extracted) as header/value pairs. */
function keyValueCells(text: string): Array<[string, string]> | undefined {
  const parts = text.split(/;\s*/).filter(Boolean);
  if (parts.length < 2) return undefined;
  const cells: Array<[string, string]> = [];
  for (const part of parts) {
    const match = /^([^:]{1,60}):\s*(.*)$/.exec(part.trim());
    if (!match) return undefined;
    cells.push([match[1]!.trim(), match[2]!.trim().replace(/[.;]$/, '')]);
  }
  return cells;
}

/** A comma-separated record, honouring quotes ("a,\"b, c\",d"). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(line)) && match[0] !== '') {
    fields.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!.trim());
    if (re.lastIndex >= line.length) break;
  }
  return fields;
}

/**
 * The units of a passage: its sentences, with table rows as rows. A header line followed by
 * comma-separated records of the same width makes each record a row of header/value pairs.
 */
function unitsOf(ctx: ChatContext): Unit[] {
  const sentences = splitSentences(ctx.content);
  let header: string[] | null = null;
  const units: Unit[] = [];
  sentences.forEach((s, index) => {
    const text = s.text.replace(/\s+/g, ' ');
    let cells = keyValueCells(text);
    if (!cells && /,\S/.test(text) && !/,\s/.test(text)) {
      const fields = csvFields(text);
      if (header && fields.length === header.length)
        cells = header.map((h, i) => [h, fields[i] ?? ''] as [string, string]).filter(([, v]) => v);
      else if (!header && fields.length >= 2 && fields.every((f) => f.length > 0 && f.length < 40 && !/\d{2,}/.test(f))) header = fields;
    }
    // Lines that follow a sentence ending in a colon, up to a blank line, are its items.
    const previous = units[index - 1];
    const gap = index > 0 ? ctx.content.slice(sentences[index - 1]!.end, s.start) : '';
    let lead: number | undefined;
    // Items spaced by blank lines, as licences lay out "a) …", "b) …", stay items when they carry a marker.
    const spacedItem =
      /^(?:[-*•–]\s|\(?(?:\d{1,3}|[a-z])[.)]\s)/.test(text) && previous && (/:$/.test(previous.text) || previous.lead !== undefined);
    if (previous && gap.includes('\n') && (spacedItem || !/\n\s*\n/.test(gap)) && !HEADING.test(text)) {
      lead = /:$/.test(previous.text) ? previous.index : previous.lead;
    }
    // A record's words include its column names, as an extracted `key: value` row's do.
    const words = contentWords(cells ? cells.map(([k, v]) => `${k} ${v}`).join(' ') : text);
    units.push({ n: ctx.n, index, text, words, ...(cells ? { cells } : {}), ...(lead !== undefined ? { lead } : {}) });
  });
  return units;
}

/**
 * A unit worth quoting: a statement or a row, not a heading, a label, a question, nor the piece of
 * a sentence that a chunk boundary cut (a passage that starts in lowercase or ends mid-sentence).
 */
function saysSomething(u: Unit, count: number, ctx: ChatContext): boolean {
  if (u.cells) return true;
  if (count > 1 && u.index === 0 && ctx.charStart > 0 && /^\p{Ll}/u.test(u.text)) return false;
  if (count > 1 && u.index === count - 1 && !/[.!?:;]["'”’)]?$/.test(u.text) && u.lead === undefined) return false;
  if (u.words.length < 2 || (u.text.length <= 200 && HEADING.test(u.text)) || /\?$/.test(u.text)) return false;
  return /[.!:;]["'”’)]?$/.test(u.text) || u.text.split(' ').length >= 8;
}

/** Rarity of each word over the retrieved units: a word in every sentence tells nothing apart. */
function inverseFrequencies(units: Unit[]): (word: string) => number {
  const df = new Map<string, number>();
  for (const u of units) for (const w of new Set(u.words)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = units.length;
  return (w) => Math.log(1 + (n + 1) / ((df.get(w) ?? 0) + 0.5));
}

/** How closely the question's words sit together in the sentence: 1 when side by side. */
function proximity(questionWords: Set<string>, words: string[]): number {
  const positions = words.flatMap((w, i) => (questionWords.has(w) ? [i] : []));
  const distinct = new Set(positions.map((i) => words[i])).size;
  if (distinct < 2) return distinct === 1 ? 0.5 : 0;
  let best = Infinity;
  // The smallest window holding every distinct matched word.
  for (let i = 0; i < positions.length; i++) {
    const seen = new Set<string>();
    for (let j = i; j < positions.length; j++) {
      seen.add(words[positions[j]!]!);
      if (seen.size === distinct) {
        best = Math.min(best, positions[j]! - positions[i]! + 1);
        break;
      }
    }
  }
  return distinct / best;
}

/** A row said in plain words: "The service ssh has port 22 (protocol tcp, description Secure shell)." */
function rowInWords(cells: Array<[string, string]>, questionWords: Set<string>): string {
  const hits = (s: string) => contentWords(s).some((w) => questionWords.has(w));
  const subject = cells.find(([, v]) => hits(v)) ?? cells[0]!;
  const asked = cells.filter((c) => c !== subject && hits(c[0]) && !hits(c[1]));
  const rest = cells.filter((c) => c !== subject && !asked.includes(c)).slice(0, 4);
  const pair = ([k, v]: [string, string]) => `${k.toLowerCase()} ${v}`;
  const main = (asked.length > 0 ? asked : rest.splice(0, 2)).map(pair).join(' and ');
  const extra = rest.length > 0 ? ` (${rest.map(pair).join(', ')})` : '';
  return `The ${subject[0].toLowerCase()} ${subject[1]} has ${main}${extra}.`;
}

/** A very long sentence cut at its last clause boundary within the limit, marked as cut. */
function clip(text: string): string {
  if (text.length <= MAX_SENTENCE_CHARS) return text;
  const head = text.slice(0, MAX_SENTENCE_CHARS);
  const cut = Math.max(head.lastIndexOf('; '), head.lastIndexOf(', '), head.lastIndexOf(': '));
  return `${(cut > MAX_SENTENCE_CHARS / 2 ? head.slice(0, cut) : head.slice(0, head.lastIndexOf(' '))).trim()} …`;
}

/** "It costs 90 euros." → "It costs 90 euros [2]." : the marker belongs inside its sentence. */
function withMarker(sentence: string, n: number): string {
  const match = /([.!?:;]+)$/.exec(sentence);
  return match ? `${sentence.slice(0, -match[1]!.length)} [${n}]${match[1]}` : `${sentence} [${n}]`;
}

/** The content words of what the assistant already said in this conversation (its last answer weighs most). */
function alreadySaid(history: ChatTurn[]): Set<string>[] {
  return history
    .filter((t) => t.role === 'assistant')
    .slice(-2)
    .flatMap((t) => splitSentences(t.content.replace(/\s?\[\d{1,3}\]/g, '')).map((s) => new Set(contentWords(s.text))));
}

/** Share of `a`'s words that `b` holds too. */
function shared(a: Set<string>, b: Set<string>): number {
  return a.size === 0 ? 0 : [...a].filter((w) => b.has(w)).length / a.size;
}

/** Whether a unit repeats a sentence said before: most of its words were in one earlier sentence. */
function repeats(words: string[], said: Set<string>[]): boolean {
  const unique = new Set(words);
  return said.some((s) => shared(unique, s) >= 0.8);
}

/**
 * The default model: offline and grounded. Its answer is made only of sentences of the retrieved
 * passages (table rows said in plain words from their cells), each followed by the marker of the
 * passage it comes from; when no sentence is relevant enough it says so instead of guessing.
 *
 * Sentences are scored by what answers the question rather than by shared words alone: the
 * rarity-weighted share of the question's words they hold, whether they carry what the question
 * asks for (a number, a price, a date, a definition…), how close together the matched words sit,
 * the passage's rank, and less when they only echo the question or repeat the previous answer.
 * The best ones are quoted with the neighbours that complete them, a few statements at most.
 */
export class ExtractiveAnswerer implements ChatModel {
  readonly provider = 'local';
  readonly model = 'extractive-v1';

  constructor(private readonly streamDelayMs = 12) {}

  /** The statements the answer will consist of, the best first. */
  select(question: string, contexts: ChatContext[], options: { searchQuery?: string; history?: ChatTurn[] } = {}): Statement[] {
    // The search query carries a follow-up's subject ("its price" → of the Enterprise plan).
    const questionWords = contentWords(options.searchQuery ?? question).filter((w) => !QUESTION_FRAME.has(w));
    const ownWords = new Set(contentWords(question));
    if (questionWords.length === 0 || contexts.length === 0) return [];
    const qset = new Set(questionWords);
    const unique = [...qset];
    const cue = questionCue(question);
    const byPassage = new Map(contexts.map((ctx) => [ctx.n, unitsOf(ctx)]));
    const all = [...byPassage.values()].flat();
    const idf = inverseFrequencies(all);
    const totalWeight = unique.reduce((sum, w) => sum + idf(w), 0);
    const said = alreadySaid(options.history ?? []);
    const rank = new Map(contexts.map((ctx, i) => [ctx.n, i]));
    const byN = new Map(contexts.map((ctx) => [ctx.n, ctx]));

    type Scored = Unit & { score: number; cued: boolean };
    const scored: Scored[] = [];
    for (const u of all) {
      if (!saysSomething(u, byPassage.get(u.n)!.length, byN.get(u.n)!)) continue;
      // An item is read with its lead: "3 means…" under "exits with one of these codes:".
      const lead = u.lead !== undefined ? byPassage.get(u.n)![u.lead] : undefined;
      const have = new Set([...u.words, ...(lead?.words ?? [])]);
      const matched = unique.filter((w) => have.has(w));
      // An item must match on its own words, else every item under the lead would.
      if (lead && !u.words.some((w) => qset.has(w))) continue;
      // A table row must match on a value: every row shares the header words.
      if (u.cells && !u.cells.some(([, v]) => contentWords(v).some((w) => qset.has(w)))) continue;
      const plain = matched.length / unique.length;
      const weighted = matched.reduce((sum, w) => sum + idf(w), 0) / totalWeight;
      if (matched.length === 0 || (plain < MIN_OVERLAP && weighted < MIN_OVERLAP)) continue;
      // What the sentence adds beyond the question's words: a sentence that only restates it answers nothing.
      const novel = u.words.filter((w) => !qset.has(w)).length / Math.max(1, u.words.length);
      let cueScore = 0;
      if (cue) {
        const body = u.cells ? u.cells.map(([, v]) => v).join(' ') : u.text;
        cueScore = CUE_PATTERN[cue].test(body) ? 1 : 0;
        // A definition states the term first: '"Derivative Works" shall mean…', "A token is…".
        if (cue === 'definition' && cueScore && matched.some((w) => contentWords(u.text).slice(0, 4).includes(w))) cueScore = 1.3;
      }
      // A row whose column the question names ("which port…") answers it directly.
      if (u.cells && u.cells.some(([k, v]) => contentWords(k).some((w) => qset.has(w)) && !contentWords(v).some((w) => qset.has(w))))
        cueScore = Math.max(cueScore, 1.2);
      let score = 0.5 * weighted + 0.15 * plain + 0.3 * cueScore + 0.1 * proximity(qset, u.words) + 0.05 / (1 + 0.5 * (rank.get(u.n) ?? 0));
      if (novel < 0.25) score *= 0.5;
      if (said.length > 0 && repeats(u.words, said)) {
        // A follow-up wants something new; what was said stays only if it answers the new words.
        const answersNew = cueScore >= 1 || u.words.some((w) => ownWords.has(w) && !said.some((s) => s.has(w)));
        score *= answersNew ? 0.8 : 0.3;
      }
      scored.push({ ...u, score, cued: cueScore >= 1 });
    }
    if (scored.length === 0) return [];
    scored.sort((a, b) => b.score - a.score);
    const floor = scored[0]!.score * FLOOR;
    // When the best sentence holds what the question asks for, those that do not are not answers.
    const needsCue = scored[0]!.cued;
    const chosen: Array<Statement & { words: Set<string> }> = [];
    const used = new Set<string>();
    let chars = 0;
    for (const anchor of scored) {
      if (chosen.length >= MAX_STATEMENTS || anchor.score < floor) break;
      if (used.has(`${anchor.n}:${anchor.index}`) || (needsCue && !anchor.cued)) continue;
      const units = this.statementAround(anchor, byPassage.get(anchor.n)!);
      const text = anchor.cells
        ? rowInWords(anchor.cells, qset)
        : units.map((u) => (u.text.length > MAX_SENTENCE_CHARS ? clip(u.text) : u.text)).join(' ');
      const words = new Set(units.flatMap((u) => u.words));
      // Overlapping chunks repeat sentences: say each thing once.
      if (units.some((u) => used.has(`${u.n}:${u.index}`)) || chosen.some((c) => shared(words, c.words) > 0.8)) continue;
      if (chosen.length > 0 && chars + text.length > CHAR_BUDGET) continue;
      for (const u of units) used.add(`${u.n}:${u.index}`);
      chosen.push({ n: anchor.n, position: units[0]!.index, text, score: anchor.score, words });
      chars += text.length;
    }
    return chosen.map(({ words: _words, ...s }) => s);
  }

  /**
   * The anchor sentence with the neighbours that make it one statement: the sentence it carries
   * on from ("It…", "However…"), the lead sentence of a list it belongs to, and what follows a
   * colon or carries on from it, within the character budget.
   */
  private statementAround(anchor: Unit, units: Unit[]): Unit[] {
    if (anchor.cells) return [anchor];
    const group = [anchor];
    let length = anchor.text.length;
    const fits = (u: Unit) => length + u.text.length + 1 <= CHAR_BUDGET && !u.cells && !HEADING.test(u.text);
    const add = (u: Unit, front: boolean) => {
      if (front) group.unshift(u);
      else group.push(u);
      length += u.text.length + 1;
    };
    // Backwards: an item needs its lead; "It adds…" needs the sentence naming "it".
    if (anchor.lead !== undefined) {
      if (fits(units[anchor.lead]!)) add(units[anchor.lead]!, true);
    } else {
      let first = anchor;
      while (first.index > 0 && group.length < 3 && CONTINUATION.test(first.text) && fits(units[first.index - 1]!)) {
        first = units[first.index - 1]!;
        add(first, true);
      }
    }
    // Forwards: a lead announces its items; "This means…" completes the sentence before.
    let last = anchor;
    while (last.index + 1 < units.length && group.length < 5) {
      const next = units[last.index + 1]!;
      const item = /:$/.test(anchor.text) && next.lead === anchor.index;
      if (!(item || (next.lead === undefined && CONTINUATION.test(next.text))) || !fits(next)) break;
      add(next, false);
      last = next;
    }
    return group;
  }

  async *answer(input: AnswerInput): AsyncIterable<ChatEvent> {
    const chosen = this.select(input.question, input.contexts, { searchQuery: input.searchQuery, history: input.history });
    const text =
      chosen.length === 0
        ? NO_ANSWER
        : chosen
            .map((c) =>
              splitSentences(c.text)
                .map((s) => withMarker(s.text, c.n))
                .join(' '),
            )
            .join(' ');
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
