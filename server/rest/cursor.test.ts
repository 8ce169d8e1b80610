import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageBody } from './cursor';
import { RestError } from './errors';

describe('cursors', () => {
  it('round-trip the sort key and id, opaque and URL-safe', () => {
    const keyset = { key: '1796233542840123', id: '3f0b2a6e-8c1d-4e2f-9a3b-5c6d7e8f9a0b' };
    const cursor = encodeCursor(keyset);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(keyset);
    expect(decodeCursor(undefined)).toBeNull();
  });

  it.each([
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['the wrong shape', Buffer.from(JSON.stringify({ key: '1', id: 'x' })).toString('base64url')],
    [
      'a key that is not a whole number',
      Buffer.from(JSON.stringify(['1.5', '3f0b2a6e-8c1d-4e2f-9a3b-5c6d7e8f9a0b'])).toString('base64url'),
    ],
    ['an id that is not a UUID', Buffer.from(JSON.stringify(['15', "1' or 1=1"])).toString('base64url')],
    ['empty', ''],
  ])('refuses %s as invalid_cursor', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(RestError);
    try {
      decodeCursor(cursor);
    } catch (error) {
      expect((error as RestError).code).toBe('invalid_cursor');
      expect((error as RestError).status).toBe(400);
    }
  });

  it('answers a page with nextCursor only when more follow', () => {
    expect(pageBody({ items: [1, 2], next: null })).toEqual({ data: [1, 2], nextCursor: null });
    const next = { key: '7', id: '3f0b2a6e-8c1d-4e2f-9a3b-5c6d7e8f9a0b' };
    expect(decodeCursor(pageBody({ items: [1], next }).nextCursor!)).toEqual(next);
  });
});
