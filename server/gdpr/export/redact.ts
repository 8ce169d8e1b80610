import 'server-only';

/** What stands in for someone else in the subject's export (GDPR Art. 15(4)). */
export const ANOTHER_PERSON = 'another person';

export type Person = { email: string; name: string };

const EMAIL =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/g;
/** Names shorter than this are too likely to be ordinary words to be replaced in free text. */
const MIN_NAME_LENGTH = 3;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern matching any of `words` as whole words (not inside a longer word), case-insensitive. */
function wordsPattern(words: string[]): RegExp | null {
  if (words.length === 0) return null;
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export type Redactor = {
  /** The text with every e-mail address but the subject's, and every other person's name, replaced. */
  text: (value: string) => string;
  /** The same for every string inside a JSON-like value (keys are left alone). */
  deep: <T>(value: T) => T;
};

/**
 * Redacts other people from text the subject did not write alone (audit entries, citations,
 * payloads): any e-mail address that is not the subject's, and the names of the workspace's other
 * people. The subject's own e-mail and name are shielded first, so a colleague whose name is part
 * of the subject's ("Ann" in "Ann Smith") does not eat into it.
 */
export function createRedactor(subject: Partial<Person>, others: Person[]): Redactor {
  const own = [subject.email, subject.name].filter((v): v is string => !!v && v.trim().length >= MIN_NAME_LENGTH);
  const ownPattern = wordsPattern(own);
  const subjectEmail = subject.email?.toLowerCase();
  const names = others
    .map((p) => p.name.trim())
    .filter((n) => n.length >= MIN_NAME_LENGTH && !own.some((o) => o.toLowerCase() === n.toLowerCase()));
  const namePattern = wordsPattern(names);

  const text = (value: string): string => {
    const shielded: string[] = [];
    let out = ownPattern
      ? value.replace(ownPattern, (m) => {
          shielded.push(m);
          return `\u0000${shielded.length - 1}\u0000`;
        })
      : value;
    out = out.replace(EMAIL, (m) => (m.toLowerCase() === subjectEmail ? m : ANOTHER_PERSON));
    if (namePattern) out = out.replace(namePattern, ANOTHER_PERSON);
    return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => shielded[Number(i)] ?? '');
  };

  const deep = <T>(value: T): T => {
    if (typeof value === 'string') return text(value) as T;
    if (Array.isArray(value)) return value.map((v) => deep(v)) as T;
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)])) as T;
    }
    return value;
  };

  return { text, deep };
}

/**
 * A file name that is safe inside a ZIP on every system: no directories, no control or reserved
 * characters, no leading dots, bounded, and prefixed with a short id so two uploads named alike
 * stay apart.
 */
export function safeArchiveName(name: string, id: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .slice(0, 120);
  return `${id.slice(0, 8)}-${cleaned || 'file'}`;
}
