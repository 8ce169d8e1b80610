import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type UserRow = Outputs['users']['list']['items'][number];
export type UserStatus = UserRow['status'];
export type UserSort = NonNullable<Inputs['users']['list']['sort']>;
export type Role = Outputs['roles']['list'][number];
export type CatalogEntry = Outputs['roles']['catalog'][number];
export type Permission = CatalogEntry['permission'];
export type ApiKeyRow = Outputs['apiKeys']['list']['items'][number];
export type SentLink = Outputs['users']['invite']['invitation'];
