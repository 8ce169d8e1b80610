import { describe, expect, it } from 'vitest';
import { buildVocabulary, cleanDocument, joinLines, keepsHyphen, removeSoftHyphens, type Vocabulary } from './clean';

const joinWrapped = (joined: string, next: string, vocabulary: Vocabulary) => joinLines([joined, next], vocabulary);
import type { ExtractedDocument } from './types';

describe('removeSoftHyphens', () => {
  it('drops invisible soft hyphens and rejoins a word a line break or space split at one', () => {
    expect(removeSoftHyphens('trans\u00adparent')).toBe('transparent');
    expect(removeSoftHyphens('transpar\u00ad ently')).toBe('transparently');
    expect(removeSoftHyphens('transpar\u00ad\n  ently and more')).toBe('transparently and more');
    expect(removeSoftHyphens('no soft hyphen here')).toBe('no soft hyphen here');
  });
});

describe('buildVocabulary', () => {
  it('holds words and one-line compounds, not the halves of words broken at a line end', () => {
    const vocabulary = buildVocabulary('A well-known document.\nThe docu-\nment is trans\u00adparent.');
    for (const word of ['well-known', 'well', 'known', 'document', 'transparent']) expect(vocabulary.has(word)).toBe(true);
    for (const fragment of ['docu', 'ment', 'trans', 'parent']) expect(vocabulary.has(fragment)).toBe(false);
  });
});

describe('keepsHyphen and joinLines', () => {
  const vocabulary = buildVocabulary(
    'The document is well known; its time-based rules apply. Every contract is self signed and contained.',
  );

  it('joins fragments that are no words of the document', () => {
    expect(keepsHyphen('transpar', 'ently', vocabulary)).toBe(false);
    expect(joinWrapped('is transpar-', 'ently shown', vocabulary)).toBe('is transparently shown');
    expect(joinWrapped('is transpar\u2010', 'ently shown', vocabulary)).toBe('is transparently shown');
  });

  it('joins when the whole word is written elsewhere, even if its halves are words too', () => {
    expect(joinWrapped('the docu-', 'ment says', vocabulary)).toBe('the document says');
  });

  it('keeps the hyphen of a compound written elsewhere, or of two words of three letters or more', () => {
    expect(joinWrapped('new time-', 'based rules', vocabulary)).toBe('new time-based rules');
    expect(joinWrapped('is well-', 'known here', vocabulary)).toBe('is well-known here');
    expect(joinWrapped('a self-', 'contained unit', vocabulary)).toBe('a self-contained unit');
    // "co" is shorter than three letters: a prefix, not a word of its own.
    expect(joinWrapped('we co-', 'operate', buildVocabulary('co operate'))).toBe('we cooperate');
  });

  it('always joins at a soft hyphen, and keeps a hyphen before a capital or a digit without a space', () => {
    expect(joinWrapped('self\u00ad', 'contained', vocabulary)).toBe('selfcontained');
    expect(joinWrapped('the Anglo-', 'Saxon word', vocabulary)).toBe('the Anglo-Saxon word');
    expect(joinWrapped('during COVID-', '19 times', vocabulary)).toBe('during COVID-19 times');
  });

  it('joins other lines with one space, and a dash set off by spaces stays a dash', () => {
    expect(joinWrapped('covered work, and grant a patent license to', 'some of the parties', vocabulary)).toBe(
      'covered work, and grant a patent license to some of the parties',
    );
    expect(joinWrapped('one thing -', 'and another', vocabulary)).toBe('one thing - and another');
    expect(joinWrapped('', 'first', vocabulary)).toBe('first');
  });
});

describe('cleanDocument', () => {
  it('removes soft hyphens and trailing spaces from every block and drops blocks left empty', () => {
    const doc: ExtractedDocument = {
      pages: [
        {
          page: 1,
          blocks: [
            { kind: 'heading', text: 'Trans\u00adparency', level: 1 },
            { kind: 'paragraph', text: 'We act transpar\u00ad ently.  \nAlways.' },
            { kind: 'paragraph', text: '\u00ad' },
          ],
        },
      ],
      pageCount: 1,
      needsOcr: [],
      metadata: {},
    };
    expect(cleanDocument(doc).pages[0]!.blocks).toEqual([
      { kind: 'heading', text: 'Transparency', level: 1 },
      { kind: 'paragraph', text: 'We act transparently.\nAlways.' },
    ]);
  });
});
