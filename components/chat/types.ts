import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type ChatSessionRow = Outputs['chat']['list']['items'][number];
export type ChatSessionDetail = Outputs['chat']['get'];
export type ChatMessage = ChatSessionDetail['messages'][number];
export type Citation = ChatMessage['citations'][number];
export type Rating = NonNullable<ChatMessage['rating']>;
export type CollectionOption = Outputs['collections']['list'][number];
export type CreatedSession = Outputs['chat']['create'];
