import 'server-only';
import { Parser } from 'htmlparser2';
import { collapseWhitespace, normalizeText } from './text';
import type { Block } from './types';

/** Never shown to a reader, so never indexed. `head` is skipped except for its <title>. */
const INVISIBLE = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'select',
  'textarea',
  'audio',
  'video',
  'map',
  'datalist',
]);

/** Elements that end the running text and start a new block. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

const HEADING = /^h([1-6])$/;
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

type Row = { cells: string[]; allHeaders: boolean };
type Table = { headers: string[] | null; rows: number; row: Row | null; cell: string | null };
type Context = { name: string; skip: boolean; table?: Table };

function isHidden(attribs: Record<string, string>): boolean {
  return (
    'hidden' in attribs ||
    attribs['aria-hidden'] === 'true' ||
    (attribs.type ?? '').toLowerCase() === 'hidden' ||
    HIDDEN_STYLE.test(attribs.style ?? '')
  );
}

/**
 * Visible text of an HTML document as blocks: headings with their level, list items with their
 * nesting depth, table rows ("header: value; …" when the table has a header row of <th> cells,
 * else cells joined by " | "), and everything else as paragraphs. Used for uploaded HTML and for
 * the HTML that mammoth makes from DOCX.
 */
export function htmlToBlocks(html: string): { title: string | null; blocks: Block[] } {
  const blocks: Block[] = [];
  const stack: Context[] = [];
  let buffer = '';
  let title: string | null = null;
  let inTitle = false;

  const skipping = () => stack.length > 0 && stack[stack.length - 1]!.skip;
  const innermostTable = (): Table | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const table = stack[i]!.table;
      if (table) return table;
    }
    return undefined;
  };
  const openCell = () => {
    const table = innermostTable();
    return table && table.cell !== null ? table : undefined;
  };

  const currentKind = (): { kind: Block['kind']; level?: number; pre: boolean } => {
    let listDepth = 0;
    let kind: { kind: Block['kind']; level?: number; pre: boolean } | null = null;
    for (let i = stack.length - 1; i >= 0; i--) {
      const name = stack[i]!.name;
      if (name === 'ul' || name === 'ol' || name === 'menu' || name === 'dir') listDepth++;
      if (kind) continue;
      const heading = HEADING.exec(name);
      if (heading) kind = { kind: 'heading', level: Number(heading[1]), pre: false };
      else if (name === 'li') kind = { kind: 'list', pre: false };
      else if (name === 'pre') kind = { kind: 'paragraph', pre: true };
    }
    if (kind?.kind === 'list') kind.level = Math.max(1, listDepth);
    return kind ?? { kind: 'paragraph', pre: false };
  };

  const flush = () => {
    if (!buffer) return;
    const context = currentKind();
    const text = context.pre ? normalizeText(buffer).replace(/^\n+|\s+$/g, '') : collapseWhitespace(buffer);
    buffer = '';
    if (!text.trim()) return;
    const block: Block = { kind: context.kind, text };
    if (context.level !== undefined) block.level = context.level;
    blocks.push(block);
  };

  const emitRow = (table: Table, row: Row) => {
    const cells = row.cells;
    if (cells.every((cell) => !cell)) return;
    if (row.allHeaders && table.headers === null && table.rows === 0) {
      table.headers = cells.map((cell, i) => cell || `Column ${i + 1}`);
      return;
    }
    table.rows++;
    const headers = table.headers;
    const text =
      headers && headers.length === cells.length
        ? cells.flatMap((cell, i) => (cell ? [`${headers[i]}: ${cell}`] : [])).join('; ')
        : cells.filter(Boolean).join(' | ');
    blocks.push({ kind: 'row', text });
  };

  const closeTable = (table: Table) => {
    // A table that is only a header row still carries words worth finding.
    if (table.rows === 0 && table.headers) blocks.push({ kind: 'row', text: table.headers.join(' | ') });
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const parent = stack[stack.length - 1]?.name;
        if (name === 'title' && (!skipping() || parent === 'head')) {
          // The document title goes to metadata, not into the text (an <svg> <title> is ignored).
          inTitle = true;
          stack.push({ name, skip: true });
          return;
        }
        if (skipping() || INVISIBLE.has(name) || isHidden(attribs)) {
          stack.push({ name, skip: true });
          return;
        }
        const cellTable = openCell();
        if (cellTable && name !== 'table') {
          // Inside a cell, structure collapses to spaces: the cell is one value of its row.
          if (BLOCK.has(name) && name !== 'td' && name !== 'th' && name !== 'tr') cellTable.cell += ' ';
        }
        const context: Context = { name, skip: false };
        if (name === 'table') {
          flush();
          context.table = { headers: null, rows: 0, row: null, cell: null };
        } else if (name === 'tr') {
          const table = innermostTable();
          if (table) table.row = { cells: [], allHeaders: true };
        } else if (name === 'td' || name === 'th') {
          const table = innermostTable();
          if (table?.row) {
            table.cell = '';
            if (name === 'td') table.row.allHeaders = false;
          }
        } else if (!cellTable && BLOCK.has(name)) {
          flush();
        }
        stack.push(context);
      },
      ontext(text) {
        if (inTitle) {
          title = (title ?? '') + text;
          return;
        }
        if (skipping()) return;
        const table = openCell();
        if (table) table.cell += text;
        else buffer += text;
      },
      onclosetag(name) {
        const context = stack.pop();
        if (!context) return;
        if (context.skip) {
          if (name === 'title') inTitle = false;
          return;
        }
        if (name === 'td' || name === 'th') {
          const table = innermostTable();
          if (table?.row && table.cell !== null) table.row.cells.push(collapseWhitespace(table.cell));
          if (table) table.cell = null;
          return;
        }
        if (name === 'tr') {
          const table = innermostTable();
          if (table?.row) emitRow(table, table.row);
          if (table) table.row = null;
          return;
        }
        if (context.table) {
          closeTable(context.table);
          return;
        }
        if (!openCell() && BLOCK.has(name)) {
          // Flush while the element is still on the stack so the text keeps its kind.
          stack.push(context);
          flush();
          stack.pop();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const cleanTitle = title === null ? null : collapseWhitespace(title);
  return { title: cleanTitle || null, blocks };
}
