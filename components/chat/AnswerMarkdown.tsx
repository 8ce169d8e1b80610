'use client';

import { lazy, Suspense } from 'react';
import type { AnswerMarkdownProps } from './MarkdownRenderer';

// The Markdown parser (react-markdown, remark-gfm, micromark) is most of a chat page's script:
// it loads with the first answer shown, not with the page.
const MarkdownRenderer = lazy(() => import('./MarkdownRenderer').then((m) => ({ default: m.MarkdownRenderer })));

/** An answer as Markdown with its citation markers; plain text for the moment the renderer loads. */
export function AnswerMarkdown(props: AnswerMarkdownProps) {
  return (
    <Suspense
      fallback={
        <p className="text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-900 dark:text-slate-100">
          {props.content.replace(/\s?\[\d{1,3}\]/g, '')}
        </p>
      }
    >
      <MarkdownRenderer {...props} />
    </Suspense>
  );
}
