import { describe, expect, it } from 'vitest';
import { changeListParams, listParamsQuery, readListParams } from './list-params';
import { AUDIT_LIST, auditListInput, DOCUMENT_LIST, documentListInput } from './list-specs';

describe('list parameters in the URL', () => {
  it('reads defaults from an empty address and writes none back', () => {
    const params = readListParams(DOCUMENT_LIST, new URLSearchParams());
    expect(params).toEqual({
      search: '',
      sort: 'created',
      dir: 'desc',
      page: 1,
      filters: { status: '', collection: '', type: '', tag: '' },
    });
    expect(listParamsQuery(DOCUMENT_LIST, params)).toBe('');
  });

  it('round-trips search, sort, filters and page, and reads a page record as the server gets it', () => {
    const params = readListParams(DOCUMENT_LIST, {
      q: ' report ',
      sort: 'name',
      dir: 'asc',
      page: '3',
      status: 'failed',
      type: ['pdf', 'csv'],
    });
    expect(params).toMatchObject({ search: 'report', sort: 'name', dir: 'asc', page: 3, filters: { status: 'failed', type: 'pdf' } });
    expect(readListParams(DOCUMENT_LIST, new URLSearchParams(listParamsQuery(DOCUMENT_LIST, params)))).toEqual(params);
  });

  it('drops what a hand-edited address gets wrong instead of sending it to the server', () => {
    const params = readListParams(DOCUMENT_LIST, { sort: 'password', dir: 'up', page: '-2', status: 'nope', collection: 'not-a-uuid' });
    expect(documentListInput(params)).toMatchObject({ sort: 'created', dir: 'desc', page: 1, status: undefined, collectionId: undefined });
  });

  it('goes back to page 1 on any change but the page, and starts a new column in its own direction', () => {
    const start = readListParams(DOCUMENT_LIST, { page: '4', sort: 'size', dir: 'asc' });
    expect(changeListParams(DOCUMENT_LIST, start, { filters: { status: 'completed' } })).toMatchObject({
      page: 1,
      sort: 'size',
      dir: 'asc',
    });
    expect(changeListParams(DOCUMENT_LIST, start, { sort: 'name' })).toMatchObject({ sort: 'name', dir: 'asc', page: 1 });
    expect(changeListParams(DOCUMENT_LIST, start, { page: 5 })).toMatchObject({ page: 5, sort: 'size' });
  });

  it('asks the audit log for nothing while its dates contradict each other', () => {
    expect(auditListInput(readListParams(AUDIT_LIST, { from: '2026-03-05', to: '2026-03-04' }))).toBeNull();
    const input = auditListInput(readListParams(AUDIT_LIST, { actor: 'ann', from: '2026-03-04', to: '2026-03-04' }));
    expect(input).toMatchObject({ actor: 'ann', page: 1, pageSize: 25 });
    expect(input?.to && input.from && input.to.getTime() - input.from.getTime()).toBe(24 * 3600 * 1000);
  });
});
