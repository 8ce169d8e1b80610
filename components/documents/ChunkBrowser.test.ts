import { describe, expect, it } from 'vitest';
import { quoteInChunk } from './ChunkBrowser';

describe('quoteInChunk', () => {
  const chunk = { charStart: 100, content: 'Office hours. The Lisbon office is open Monday to Friday.' };

  it('turns the document offsets of a quote into offsets in the chunk', () => {
    expect(quoteInChunk(chunk, { from: 114, to: 157 })).toEqual({ start: 14, end: 57 });
  });

  it('gives nothing for offsets outside the chunk, or no quote', () => {
    expect(quoteInChunk(chunk, { from: 90, to: 120 })).toBeNull();
    expect(quoteInChunk(chunk, { from: 150, to: 400 })).toBeNull();
    expect(quoteInChunk(chunk, null)).toBeNull();
  });
});
