import type { ReactNode } from 'react';
import { formatNumber } from '@/lib/format';
import type { RunSnapshot as Snapshot } from '@/server/evals/runs-schema';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(0,10rem)_minmax(0,1fr)] gap-3 py-1.5 text-sm">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/**
 * What produced the run, as captured when it started: model, embedder, retrieval settings and the
 * documents searched. Two runs whose snapshots differ are explained by the difference.
 */
export function RunSnapshot({ snapshot, collections }: { snapshot: Snapshot; collections?: ReadonlyMap<string, string> }) {
  const r = snapshot.retrieval;
  return (
    <dl className="divide-y divide-slate-100 dark:divide-slate-800">
      <Row label="Model">
        {snapshot.model} <span className="text-slate-500 dark:text-slate-400">({snapshot.provider})</span>
      </Row>
      <Row label="Embedder">{snapshot.embedder}</Row>
      <Row label="Retrieval">
        {formatNumber(r.topK)} {r.topK === 1 ? 'passage' : 'passages'} per answer from {formatNumber(r.candidates)} candidates; weights
        vector {r.vectorWeight}, text {r.textWeight}; RRF k {r.rrfK}
        {r.rerank === 'mix' ? '; reranked by the score mix' : r.rerank === 'model' ? '; reranked by the language model' : ''}
      </Row>
      <Row label="Metrics cut-off">k = {formatNumber(snapshot.k)} distinct documents</Row>
      <Row label="Documents">
        {formatNumber(snapshot.documentCount)} searchable{' '}
        <span className="text-slate-500 dark:text-slate-400">
          (set hash <code className="font-mono text-xs">{snapshot.documentsHash.slice(0, 12)}</code>)
        </span>
      </Row>
      <Row label="Collections">
        {snapshot.collectionIds.length === 0
          ? 'Every collection the starter could read'
          : snapshot.collectionIds.map((id) => collections?.get(id) ?? `#${id.slice(0, 8)}`).join(', ')}
      </Row>
      <Row label="Dataset">
        version {formatNumber(snapshot.datasetVersion)}, {formatNumber(snapshot.caseCount)} {snapshot.caseCount === 1 ? 'case' : 'cases'}
      </Row>
      <Row label="Model-judged metrics">{snapshot.judge ? `${snapshot.judge.model} (${snapshot.judge.provider})` : 'Not asked for'}</Row>
      <Row label="Started by">{snapshot.startedBy.name}</Row>
    </dl>
  );
}
