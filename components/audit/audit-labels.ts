import type { inferRouterOutputs } from '@trpc/server';
import type { Tone } from '@/components/ui/Badge';
import type { AppRouter } from '@/server/trpc/root';

type Outputs = inferRouterOutputs<AppRouter>;
export type AuditEntry = Outputs['audit']['list']['items'][number];
export type AuditStatus = AuditEntry['status'];
export type AuditScope = 'tenant' | 'global';

export const STATUS_TONES: Record<AuditStatus, Tone> = { success: 'success', denied: 'warning', error: 'danger' };
export const STATUS_LABELS: Record<AuditStatus, string> = { success: 'Success', denied: 'Denied', error: 'Error' };
export const ACTOR_TYPES: Record<AuditEntry['actorType'], string> = {
  user: 'User',
  superadmin: 'Superadmin',
  api_key: 'API key',
  system: 'System',
};

/** A long id shortened for a table cell; the full one is in the details. */
export function shorten(id: string | null): string {
  if (!id) return '—';
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}
