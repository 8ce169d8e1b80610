'use client';

import { createContext, memo, useContext, useMemo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CitationMarker } from './CitationMarker';
import type { Citation } from './types';

/** The few mdast fields the citation plugin reads: no raw HTML ever reaches the page. */
type MdNode = {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, string | number> };
};

const MARKER = /\[(\d{1,3})\]/g;
const HAS_MARKER = /\[\d{1,3}\]/;
/** Inside these, a "[1]" stays text: a link cannot hold another link, code is literal. */
const SKIP = new Set(['link', 'linkReference', 'inlineCode', 'code', 'definition']);
/** Where an HTML block sits among blocks: its text becomes a paragraph there. */
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function splitMarkers(value: string): MdNode[] {
  const out: MdNode[] = [];
  let from = 0;
  for (const match of value.matchAll(MARKER)) {
    if (match.index > from) out.push({ type: 'text', value: value.slice(from, match.index) });
    out.push({
      type: 'citationMarker',
      data: { hName: 'sup', hProperties: { dataCite: Number(match[1]) } },
      children: [{ type: 'text', value: match[0] }],
    });
    from = match.index + match[0].length;
  }
  if (from < value.length) out.push({ type: 'text', value: value.slice(from) });
  return out;
}

function walk(node: MdNode) {
  if (!node.children || SKIP.has(node.type)) return;
  node.children = node.children.flatMap((child) => {
    // Raw HTML in an answer is shown as the text it is, never rendered.
    if (child.type === 'html') {
      const text: MdNode = { type: 'text', value: child.value ?? '' };
      return [BLOCK_PARENTS.has(node.type) ? { type: 'paragraph', children: [text] } : text];
    }
    if (child.type === 'text' && child.value && HAS_MARKER.test(child.value)) {
      return splitMarkers(child.value);
    }
    walk(child);
    return [child];
  });
}

/** remark plugin: "[2]" in text becomes a citation marker node (rendered as <sup data-cite="2">). */
function remarkCitationMarkers() {
  return (tree: MdNode) => walk(tree);
}

const headingClass = 'mt-3 mb-1 font-semibold first:mt-0';

function isExternal(href: string | undefined): boolean {
  return Boolean(href && !href.startsWith('/') && !href.startsWith('#'));
}

function baseComponents(): Components {
  return {
    p: ({ children }) => <p className="mb-2 leading-relaxed last:mb-0">{children}</p>,
    // An answer's headings sit below the conversation's own.
    h1: ({ children }) => <h3 className={`${headingClass} text-base`}>{children}</h3>,
    h2: ({ children }) => <h4 className={`${headingClass} text-base`}>{children}</h4>,
    h3: ({ children }) => <h5 className={headingClass}>{children}</h5>,
    h4: ({ children }) => <h6 className={headingClass}>{children}</h6>,
    h5: ({ children }) => <h6 className={headingClass}>{children}</h6>,
    h6: ({ children }) => <h6 className={headingClass}>{children}</h6>,
    ul: ({ children }) => <ul className="mb-2 list-disc space-y-1 pl-5 last:mb-0">{children}</ul>,
    ol: ({ children }) => <ol className="mb-2 list-decimal space-y-1 pl-5 last:mb-0">{children}</ol>,
    blockquote: ({ children }) => (
      <blockquote className="mb-2 border-l-4 border-slate-300 pl-3 text-slate-700 italic dark:border-slate-600 dark:text-slate-300">
        {children}
      </blockquote>
    ),
    pre: ({ children }) => <pre className="mb-2 overflow-x-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-950">{children}</pre>,
    code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] dark:bg-slate-950">{children}</code>,
    table: ({ children }) => (
      <div className="mb-2 overflow-x-auto">
        <table className="w-full border-collapse text-left text-sm">{children}</table>
      </div>
    ),
    th: ({ children }) => <th className="border border-slate-300 px-2 py-1 font-semibold dark:border-slate-600">{children}</th>,
    td: ({ children }) => <td className="border border-slate-300 px-2 py-1 dark:border-slate-600">{children}</td>,
    hr: () => <hr className="my-3 border-slate-200 dark:border-slate-700" />,
    // A link whose address was refused (javascript:, data:, …) is only its text.
    a: ({ href, children }) =>
      !href ? (
        <span>{children}</span>
      ) : isExternal(href) ? (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900 dark:text-indigo-300 dark:hover:text-indigo-100"
        >
          {children}
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      ) : (
        <a href={href} className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          {children}
        </a>
      ),
    // Images would load from anywhere: offered as a link instead.
    img: ({ src, alt }) =>
      typeof src === 'string' && src ? (
        <a href={src} target="_blank" rel="noopener noreferrer" className="text-indigo-700 underline dark:text-indigo-300">
          {alt || 'Image'}
          <span className="sr-only"> (image, opens in a new tab)</span>
        </a>
      ) : (
        <span>{alt}</span>
      ),
  };
}

export type AnswerMarkdownProps = {
  content: string;
  citations: Citation[];
  slug: string;
  /** Opens a citation beside the answer; without it, a marker links to the document. */
  onCite?: (citation: Citation, opener: HTMLElement) => void;
};

/**
 * An answer rendered as Markdown without raw HTML, its "[n]" markers as citation markers (when
 * `citations` holds citation n; otherwise they stay plain text, e.g. while streaming). The heavy
 * half of `AnswerMarkdown`: loaded only where an answer is shown.
 */
type CiteContextValue = { byN: ReadonlyMap<number, Citation>; slug: string; onCite?: AnswerMarkdownProps['onCite'] };
const CiteContext = createContext<CiteContextValue>({ byN: new Map(), slug: '' });

/**
 * The `sup` a marker becomes. One component for every render (the citations come by context), so
 * React keeps the marker's element: focus can go back to it when the source panel closes.
 */
function CiteSup({ node, children }: { node?: { properties?: Record<string, unknown> }; children?: ReactNode }) {
  const { byN, slug, onCite } = useContext(CiteContext);
  const citation = byN.get(Number(node?.properties?.dataCite));
  if (!citation) return <span className="text-slate-500 dark:text-slate-400">{children}</span>;
  return <CitationMarker citation={citation} slug={slug} onCite={onCite} />;
}

const COMPONENTS: Components = { ...baseComponents(), sup: CiteSup };
const REMARK_PLUGINS = [remarkGfm, remarkCitationMarkers];

export const MarkdownRenderer = memo(function MarkdownRenderer({ content, citations, slug, onCite }: AnswerMarkdownProps) {
  const cite = useMemo(() => ({ byN: new Map(citations.map((c) => [c.n, c])), slug, onCite }), [citations, slug, onCite]);
  return (
    <CiteContext.Provider value={cite}>
      <div className="text-sm break-words text-slate-900 dark:text-slate-100">
        <Markdown remarkPlugins={REMARK_PLUGINS} skipHtml components={COMPONENTS}>
          {content}
        </Markdown>
      </div>
    </CiteContext.Provider>
  );
});
