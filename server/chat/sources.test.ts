import { describe, expect, it } from 'vitest';
import { locateQuote } from './sources';

describe('locateQuote', () => {
  const chunk = { content: 'Opening hours. The Lisbon office is open Monday to Friday. Closed on holidays.', charStart: 1000 };

  it('uses the stored document offsets when they still point at the quote', () => {
    expect(locateQuote(chunk, { quote: 'The Lisbon office is open Monday to Friday.', charStart: 1015, charEnd: 1058 })).toEqual({
      quoteStart: 15,
      quoteEnd: 58,
    });
  });

  it('finds the quote in the text when the offsets moved (the document was processed again)', () => {
    expect(locateQuote(chunk, { quote: 'Closed on holidays.', charStart: 5, charEnd: 24 })).toEqual({ quoteStart: 59, quoteEnd: 78 });
  });

  it('gives nothing when the quote is not in the chunk', () => {
    expect(locateQuote(chunk, { quote: 'Something else entirely.' })).toBeNull();
  });
});
