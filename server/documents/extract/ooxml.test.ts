import { describe, expect, it } from 'vitest';
import { parseRelationships, readCoreProperties, relsPathFor, resolvePart, walkXml } from './ooxml';

describe('OOXML helpers', () => {
  it('resolves relationship targets against the referring part', () => {
    expect(resolvePart('ppt/presentation.xml', 'slides/slide1.xml')).toBe('ppt/slides/slide1.xml');
    expect(resolvePart('ppt/slides/slide1.xml', '../notesSlides/notesSlide1.xml')).toBe('ppt/notesSlides/notesSlide1.xml');
    expect(resolvePart('ppt/slides/slide1.xml', '/ppt/media/image1.png')).toBe('ppt/media/image1.png');
    expect(relsPathFor('ppt/slides/slide1.xml')).toBe('ppt/slides/_rels/slide1.xml.rels');
    const rels = parseRelationships(
      `<Relationships><Relationship Id="rId1" Type="t/slide" Target="slides/slide1.xml"/><Relationship Id="rId2" Type="t/hyperlink" Target="https://example.com" TargetMode="External"/></Relationships>`,
      'ppt/presentation.xml',
    );
    expect([...rels]).toEqual([['rId1', { target: 'ppt/slides/slide1.xml', type: 't/slide' }]]);
  });

  it('reads text once when markup-compatibility fallbacks repeat it', () => {
    const texts: string[] = [];
    walkXml(
      '<r xmlns:mc="m" xmlns:a="a"><mc:AlternateContent><mc:Choice><a:t>new</a:t></mc:Choice><mc:Fallback><a:t>old</a:t></mc:Fallback></mc:AlternateContent><a:t>after</a:t></r>',
      { text: (t) => texts.push(t) },
    );
    expect(texts).toEqual(['new', 'after']);
  });

  it('reads title and author from core properties', () => {
    expect(
      readCoreProperties(
        '<cp:coreProperties xmlns:dc="d" xmlns:cp="c"><dc:title> Q3  review </dc:title><dc:creator>Finance &amp; Ops</dc:creator></cp:coreProperties>',
      ),
    ).toEqual({ title: 'Q3 review', author: 'Finance & Ops' });
    expect(readCoreProperties(undefined)).toEqual({});
  });
});
