import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;

export type CollectionRow = Outputs['collections']['list'][number];
export type Visibility = CollectionRow['visibility'];
export type Grant = Outputs['access']['list'][number];
export type AccessLevel = Grant['level'];
export type PickableUser = Outputs['access']['people']['items'][number];
