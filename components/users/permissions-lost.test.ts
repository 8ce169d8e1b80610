import { describe, expect, it } from 'vitest';
import { permissionsLost } from './permissions-lost';

const roles = [
  { id: 'admin', permissions: ['documents:read', 'users:manage', 'settings:manage'] as const },
  { id: 'editor', permissions: ['documents:read', 'documents:write'] as const },
  { id: 'people', permissions: ['users:manage'] as const },
].map((r) => ({ ...r, permissions: [...r.permissions] }));

describe('permissionsLost', () => {
  it('names what the old roles gave and the new ones do not', () => {
    expect(permissionsLost(roles, ['admin'], ['editor'])).toEqual(['users:manage', 'settings:manage']);
  });

  it('keeps what another role still gives, and loses nothing by gaining', () => {
    expect(permissionsLost(roles, ['admin', 'people'], ['people', 'editor'])).toEqual(['settings:manage']);
    expect(permissionsLost(roles, ['editor'], ['editor', 'admin'])).toEqual([]);
    expect(permissionsLost(roles, ['admin'], [])).toEqual(['documents:read', 'users:manage', 'settings:manage']);
  });
});
