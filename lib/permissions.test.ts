import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from './enums';
import { joinPermissions, PERMISSION_INFO, permissionLabel, permissionPhrase } from './permissions';

describe('permission names', () => {
  it('names every permission once, in words, never as its code', () => {
    const labels = PERMISSIONS.map((p) => PERMISSION_INFO[p].label);
    expect(new Set(labels).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) {
      expect(PERMISSION_INFO[p].label).not.toContain(':');
      expect(PERMISSION_INFO[p].description.length).toBeGreaterThan(5);
    }
    expect(permissionLabel('users:manage')).toBe('Manage users');
  });

  it('puts the code after the name as detail, and leaves unknown codes as they are', () => {
    expect(permissionPhrase('users:manage')).toBe('“Manage users” (users:manage)');
    expect(permissionPhrase('old:thing')).toBe('“old:thing”');
    expect(permissionLabel('old:thing')).toBe('old:thing');
  });

  it('joins names for a sentence', () => {
    expect(joinPermissions(['usage:read'])).toBe('“See usage” (usage:read)');
    expect(joinPermissions(['users:manage', 'roles:manage', 'audit:read'], 'or', permissionLabel)).toBe(
      'Manage users, Manage roles or Read the audit log',
    );
    expect(joinPermissions([])).toBe('');
  });
});
