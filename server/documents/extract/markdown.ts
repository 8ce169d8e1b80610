import 'server-only';
import { Lexer, type MarkedToken, type Token } from 'marked';
import { buildVocabulary, joinLines, removeSoftHyphens, type Vocabulary } from './clean';
import { htmlToBlocks } from './html';
import { collapseWhitespace } from './text';
import type { Block } from './types';

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Markdown keeps entities as written; the common ones are decoded so the text reads as shown. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

/** Plain text of inline tokens: emphasis and links keep their words, images and raw tags go. */
function inlineText(tokens: Token[] | undefined, fallback = ''): string {
  if (!tokens) return decodeEntities(fallback);
  let out = '';
  for (const token of tokens as MarkedToken[]) {
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
      case 'link':
      case 'text':
      case 'paragraph': // a loose list item holds paragraphs
        out += inlineText(token.tokens, token.text);
        break;
      case 'codespan':
      case 'escape':
        out += token.text;
        break;
      case 'br':
        out += HARD_BREAK;
        break;
      case 'image':
      case 'html':
      case 'checkbox':
        break;
      default:
        out += 'text' in token && typeof token.text === 'string' ? decodeEntities(token.text) : '';
    }
  }
  return out;
}

/**
 * Marks a hard line break (`<br>`, two trailing spaces) while the soft ones, where the source was
 * merely wrapped, are joined; it becomes a newline once they are.
 */
const HARD_BREAK = '\u2028';

/** Soft line breaks as spaces (undoing line-end hyphenation), hard ones as newlines. */
function unwrap(text: string, vocabulary: Vocabulary): string {
  return text
    .split(HARD_BREAK)
    .map((part) =>
      joinLines(
        part.split('\n').map((line) => line.trim()),
        vocabulary,
      ),
    )
    .join('\n');
}

type Walk = { blocks: Block[]; vocabulary: Vocabulary };

function push(walk: Walk, block: Block, verbatim = false) {
  const text = verbatim
    ? block.text.replace(/[ \t]+\n/g, '\n').trim()
    : block.kind === 'paragraph'
      ? unwrap(block.text, walk.vocabulary).trim()
      : collapseWhitespace(unwrap(block.text, walk.vocabulary));
  if (text) walk.blocks.push({ ...block, text });
}

function walk(tokens: Token[], state: Walk, listDepth: number) {
  for (const token of tokens as MarkedToken[]) {
    switch (token.type) {
      case 'heading':
        push(state, { kind: 'heading', text: inlineText(token.tokens, token.text), level: token.depth });
        break;
      case 'paragraph':
      case 'text':
        push(state, { kind: 'paragraph', text: inlineText(token.tokens, token.text) });
        break;
      case 'code':
        // Code is kept verbatim, line breaks included: it is searched for as written.
        push(state, { kind: 'paragraph', text: token.text }, true);
        break;
      case 'blockquote':
        walk(token.tokens, state, listDepth);
        break;
      case 'list':
        for (const item of token.items) {
          const own = item.tokens.filter((child) => child.type !== 'list');
          const text = own.map((child) => inlineText([child])).join('\n');
          push(state, { kind: 'list', text, level: listDepth + 1 });
          walk(
            item.tokens.filter((child) => child.type === 'list'),
            state,
            listDepth + 1,
          );
        }
        break;
      case 'table': {
        const headers = token.header.map((cell, i) => collapseWhitespace(inlineText(cell.tokens, cell.text)) || `Column ${i + 1}`);
        for (const row of token.rows) {
          const parts = row.flatMap((cell, i) => {
            const value = collapseWhitespace(inlineText(cell.tokens, cell.text));
            return value ? [`${headers[i] ?? `Column ${i + 1}`}: ${value}`] : [];
          });
          push(state, { kind: 'row', text: parts.join('; ') });
        }
        break;
      }
      case 'html':
        state.blocks.push(...htmlToBlocks(token.text).blocks);
        break;
      default:
        // hr, space and link definitions carry no text.
        break;
    }
  }
}

/**
 * Blocks of a Markdown document (GFM): headings with their level, paragraphs, list items with
 * their depth, table rows as "header: value; …", fenced and indented code as paragraphs (kept
 * verbatim, line breaks included). Lines the source merely wrapped are joined. A YAML
 * front matter block is left out of the text; its `title` is returned.
 */
export function markdownToBlocks(markdown: string): { title: string | null; blocks: Block[] } {
  let source = removeSoftHyphens(markdown);
  let title: string | null = null;
  const frontMatter = /^---\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source);
  if (frontMatter) {
    source = source.slice(frontMatter[0].length);
    const match = /^title:[ \t]*(.+)$/m.exec(frontMatter[1] ?? '');
    title = match?.[1]?.trim().replace(/^(['"])(.*)\1$/, '$2') || null;
  }
  const state: Walk = { blocks: [], vocabulary: buildVocabulary(source) };
  walk(Lexer.lex(source, { gfm: true }), state, 0);
  return { title, blocks: state.blocks };
}
