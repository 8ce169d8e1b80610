import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/enums';
import { sectionsFor } from './navigation';

const labels = (permissions: Parameters<typeof sectionsFor>[0]) => sectionsFor(permissions).map((s) => s.label);

describe('sectionsFor', () => {
  it('shows an admin every section', () => {
    expect(labels([...PERMISSIONS])).toEqual([
      'Overview',
      'Documents',
      'Chat',
      'Users & roles',
      'Usage',
      'GDPR',
      'Evaluations',
      'Audit log',
      'Settings',
    ]);
  });

  it('shows an editor and a viewer what their roles grant', () => {
    expect(labels(['documents:read', 'documents:write', 'chat:use', 'usage:read', 'evals:run'])).toEqual([
      'Documents',
      'Chat',
      'Usage',
      'Evaluations',
    ]);
    expect(labels(['documents:read', 'chat:use', 'usage:read'])).toEqual(['Documents', 'Chat', 'Usage']);
  });

  it('opens Users & roles with either of its permissions, and nothing without any', () => {
    expect(labels(['roles:manage'])).toEqual(['Users & roles']);
    expect(labels([])).toEqual([]);
  });

  it('puts the Overview first for those who run the workspace, so they land on it', () => {
    expect(labels(['users:manage'])).toEqual(['Overview', 'Users & roles']);
    expect(labels(['settings:manage'])[0]).toBe('Overview');
  });
});
