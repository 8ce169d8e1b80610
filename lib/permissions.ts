import type { Permission } from './enums';

/**
 * The one catalogue of what people read for each permission: a short name ("Manage users") and
 * what it allows. The code (`users:manage`) is shown only as detail beside the name. Used by the
 * role and API key editors, access-denied pages and the server's refusals alike.
 */
export const PERMISSION_INFO: Record<Permission, { label: string; description: string }> = {
  'documents:read': { label: 'Read documents', description: 'Read documents and collections they have access to' },
  'documents:write': { label: 'Manage documents', description: 'Upload, reprocess and delete documents; manage collections' },
  'chat:use': { label: 'Chat', description: 'Chat with documents' },
  'users:manage': {
    label: 'Manage users',
    description: 'Invite, change and deactivate users; grant access to restricted documents',
  },
  'roles:manage': { label: 'Manage roles', description: 'Create and change custom roles' },
  'api_keys:manage': { label: 'Manage API keys', description: 'Create and revoke API keys' },
  'settings:manage': { label: 'Manage settings', description: 'Change workspace settings and the language model' },
  'usage:read': { label: 'See usage', description: 'See usage and quotas' },
  'gdpr:manage': { label: 'Handle privacy requests', description: 'Handle data subject requests' },
  'evals:run': { label: 'Run evaluations', description: 'Run and compare evaluations' },
  'audit:read': { label: 'Read the audit log', description: 'Read and export the audit log' },
};

/** "Manage users"; an unknown code (an old audit payload) is shown as it is. */
export function permissionLabel(permission: string): string {
  return (PERMISSION_INFO as Record<string, { label: string } | undefined>)[permission]?.label ?? permission;
}

/** "“Manage users” (users:manage)": the name people read with the code as detail, for sentences. */
export function permissionPhrase(permission: string): string {
  const label = permissionLabel(permission);
  return label === permission ? `“${permission}”` : `“${label}” (${permission})`;
}

/** Names joined for a sentence: "A, B and C" or, with `or`, "A, B or C". */
export function joinPermissions(permissions: readonly string[], conjunction: 'and' | 'or' = 'and', phrase = permissionPhrase): string {
  const parts = permissions.map(phrase);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${conjunction} ${parts.at(-1)}`;
}
