import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type DocumentList = Outputs['documents']['list'];
export type DocumentRow = DocumentList['items'][number];
export type DocumentDetail = Outputs['documents']['get'];
export type DocumentJob = DocumentDetail['jobs'][number];
export type JobAttempt = DocumentJob['attempts'][number];
export type ChunkRow = Outputs['documents']['chunks']['items'][number];
export type DocumentStatus = DocumentRow['status'];
export type DocumentSort = NonNullable<Inputs['documents']['list']['sort']>;
export type FileType = NonNullable<Inputs['documents']['list']['fileType']>;
export type Collection = Outputs['collections']['list'][number];
/** One message of documents.onStatusChange: the documents that changed since the previous one. */
export type DocumentChange =
  Outputs['documents']['onStatusChange'] extends AsyncIterable<infer T> ? (T extends Array<infer C> ? C : never) : never;
