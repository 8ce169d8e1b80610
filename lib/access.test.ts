import { describe, expect, it } from 'vitest';
import { accessAllows, ACCESS_LEVELS, type AccessLevel, type AccessNeed } from './access';

describe('accessAllows', () => {
  const needs: AccessNeed[] = ['read', 'write', 'admin', 'share'];

  it('on a restricted resource, each level allows itself and the levels below; share needs admin', () => {
    const table = Object.fromEntries(
      [...ACCESS_LEVELS, null].map((level: AccessLevel | null) => [
        String(level),
        needs.filter((need) => accessAllows({ restricted: true, level }, need)),
      ]),
    );
    expect(table).toEqual({
      null: [],
      read: ['read'],
      write: ['read', 'write'],
      admin: ['read', 'write', 'admin', 'share'],
    });
  });

  it('on an open resource leaves read, write and delete to the role, but sharing still needs admin', () => {
    expect(needs.filter((need) => accessAllows({ restricted: false, level: null }, need))).toEqual(['read', 'write', 'admin']);
    expect(accessAllows({ restricted: false, level: 'write' }, 'share')).toBe(false);
    expect(accessAllows({ restricted: false, level: 'admin' }, 'share')).toBe(true);
  });
});
