import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textToBlocks } from './plain-text';

const GPL3 = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8');
const APACHE2 = readFileSync('/usr/share/common-licenses/Apache-2.0', 'utf8');

describe('textToBlocks: a hard-wrapped licence (GPL-3)', () => {
  const blocks = textToBlocks(GPL3);
  const paragraph = (start: string) => blocks.find((b) => b.text.startsWith(start));

  it('joins the wrapped lines of a paragraph into one line', () => {
    const patents = paragraph('Each contributor grants you a non-exclusive');
    expect(patents).toMatchObject({ kind: 'paragraph' });
    expect(patents!.text).not.toContain('\n');
    expect(patents!.text).toContain("under the contributor's essential patent claims, to make, use, sell, offer for sale");
    const covered = blocks.find((b) => b.text.includes('covered work, and grant a patent license to some of the parties'));
    expect(covered?.text).toMatch(/^If, pursuant to or in connection with a single transaction or\s+arrangement, you convey/);
    expect(covered?.text).not.toContain('\n');
  });

  it('keeps headings as headings: the title, centred titles, ALL-CAPS lines and numbered sections', () => {
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => [b.text, b.level]);
    expect(headings.slice(0, 4)).toEqual([
      ['GNU GENERAL PUBLIC LICENSE', 1],
      ['Preamble', 1],
      ['TERMS AND CONDITIONS', 1],
      ['0. Definitions.', 2],
    ]);
    expect(headings).toContainEqual(['14. Revised Versions of this License.', 2]);
    expect(headings).toContainEqual(['17. Interpretation of Sections 15 and 16.', 2]);
    expect(headings).toContainEqual(['END OF TERMS AND CONDITIONS', 1]);
    expect(headings).toContainEqual(['How to Apply These Terms to Your New Programs', 1]);
    expect(headings).toHaveLength(23);
    // An ALL-CAPS paragraph that fills its lines is a paragraph, not a heading.
    expect(paragraph('THERE IS NO WARRANTY FOR THE PROGRAM')).toMatchObject({ kind: 'paragraph' });
  });

  it('keeps list items as items, their own wrapped lines joined, and a number after "section" inside the sentence', () => {
    const items = blocks.filter((b) => b.kind === 'list');
    expect(items.map((b) => b.text.slice(0, 2))).toEqual([
      '(1',
      'a)',
      'b)',
      'c)',
      'd)',
      'a)',
      'b)',
      'c)',
      'd)',
      'e)',
      'a)',
      'b)',
      'c)',
      'd)',
      'e)',
      'f)',
    ]);
    expect(items[2]!.text).toBe(
      'b) The work must carry prominent notices stating that it is released under this License and any conditions added under section 7.  This requirement modifies the requirement in section 4 to "keep intact all notices".',
    );
  });

  it('never glues a heading to the paragraph after it', () => {
    const index = blocks.findIndex((b) => b.text === '2. Basic Permissions.');
    expect(blocks[index + 1]).toMatchObject({ kind: 'paragraph' });
    expect(blocks[index + 1]!.text.startsWith('All rights granted under this License')).toBe(true);
  });
});

describe('textToBlocks: numbered sections (Apache-2.0)', () => {
  const blocks = textToBlocks(APACHE2);

  it('splits a numbered title off the paragraph it runs into', () => {
    const index = blocks.findIndex((b) => b.text === '2. Grant of Copyright License.');
    expect(blocks[index]).toEqual({ kind: 'heading', text: '2. Grant of Copyright License.', level: 2 });
    expect(blocks[index + 1]!.kind).toBe('paragraph');
    expect(blocks[index + 1]!.text).toMatch(/^Subject to the terms and conditions of this License, each Contributor hereby grants/);
    expect(blocks[index + 1]!.text).not.toContain('\n');
    const titles = blocks.filter((b) => b.kind === 'heading' && /^\d\./.test(b.text)).map((b) => b.text);
    expect(titles).toEqual([
      '1. Definitions.',
      '2. Grant of Copyright License.',
      '3. Grant of Patent License.',
      '4. Redistribution.',
      '5. Submission of Contributions.',
      '6. Trademarks.',
      '7. Disclaimer of Warranty.',
      '8. Limitation of Liability.',
      '9. Accepting Warranty or Additional Liability.',
    ]);
  });

  it('keeps the centred title lines apart and the (a)–(d) conditions as list items', () => {
    expect(blocks.slice(0, 3)).toEqual([
      { kind: 'heading', text: 'Apache License', level: 1 },
      { kind: 'paragraph', text: 'Version 2.0, January 2004\nhttp://www.apache.org/licenses/' },
      { kind: 'heading', text: 'TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION', level: 1 },
    ]);
    const conditions = blocks.filter((b) => b.kind === 'list');
    expect(conditions.map((b) => b.text.slice(0, 3))).toEqual(['(a)', '(b)', '(c)', '(d)']);
    expect(conditions[0]!.text).toBe('(a) You must give any other recipients of the Work or Derivative Works a copy of this License; and');
  });
});

describe('textToBlocks: structure of other plain text', () => {
  it('undoes hyphenation at line ends with the document as dictionary, and removes soft hyphens', () => {
    const text = [
      'This document explains our time-based privacy policy in a well-known and transpar-',
      'ently structured form. The docu-',
      'ment applies to every team and every time-',
      'based contract we sign, and it is trans\u00adparent about data and how it is well-',
      'known to regulators.',
    ].join('\n');
    expect(textToBlocks(text)).toEqual([
      {
        kind: 'paragraph',
        text: 'This document explains our time-based privacy policy in a well-known and transparently structured form. The document applies to every team and every time-based contract we sign, and it is transparent about data and how it is well-known to regulators.',
      },
    ]);
  });

  it('keeps deliberate line breaks, indented blocks and aligned columns', () => {
    const text = [
      'Acme Ltd.',
      '1 Main Street',
      'Lisbon',
      '',
      'Run these commands before you start the service for the first time:',
      '    npm install',
      '    npm test',
      '',
      '  install_from_default /usr/share/base-files/dot.profile   /root/.profile',
      '  install_from_default /usr/share/base-files/motd          /etc/motd',
    ].join('\n');
    expect(textToBlocks(text)).toEqual([
      { kind: 'paragraph', text: 'Acme Ltd.\n1 Main Street\nLisbon' },
      { kind: 'paragraph', text: 'Run these commands before you start the service for the first time:\n    npm install\n    npm test' },
      {
        kind: 'paragraph',
        text: 'install_from_default /usr/share/base-files/dot.profile   /root/.profile\ninstall_from_default /usr/share/base-files/motd          /etc/motd',
      },
    ]);
  });

  it('reads Markdown-style headings, bullets with nesting, and pipe tables as rows with their headers', () => {
    const text = [
      'Setup guide',
      '===========',
      '',
      '# Tools',
      '',
      '- Laptop with at least sixteen gigabytes of memory, bought through',
      '  the usual supplier',
      '  * Charger',
      '- Accounts',
      '',
      '| service | port | protocol |',
      '|---------|------|----------|',
      '| ssh     | 22   | tcp      |',
      '| dns     | 53   |          |',
    ].join('\n');
    expect(textToBlocks(text)).toEqual([
      { kind: 'heading', text: 'Setup guide', level: 1 },
      { kind: 'heading', text: 'Tools', level: 1 },
      { kind: 'list', text: 'Laptop with at least sixteen gigabytes of memory, bought through the usual supplier', level: 1 },
      { kind: 'list', text: 'Charger', level: 2 },
      { kind: 'list', text: 'Accounts', level: 1 },
      { kind: 'row', text: 'service: ssh; port: 22; protocol: tcp' },
      { kind: 'row', text: 'service: dns; port: 53' },
    ]);
  });

  it('takes "Section 3." lines as headings and keeps prose that starts with a number a paragraph', () => {
    const text = 'Section 3.\n\nThe fee is due monthly.\n\n3.1 Late Payments\n\n2024 was a good year for all of us.';
    expect(textToBlocks(text)).toEqual([
      { kind: 'heading', text: 'Section 3.', level: 2 },
      { kind: 'paragraph', text: 'The fee is due monthly.' },
      { kind: 'heading', text: '3.1 Late Payments', level: 3 },
      { kind: 'paragraph', text: '2024 was a good year for all of us.' },
    ]);
  });
});

describe('textToBlocks: manual pages as `man` prints them', () => {
  const FIND = readFileSync('bench/quality/docs/find-manual.txt', 'utf8');
  const SSH = readFileSync('bench/quality/docs/ssh-manual.txt', 'utf8');
  const MAKE = readFileSync('bench/quality/docs/make-manual.txt', 'utf8');
  const containing = (blocks: ReturnType<typeof textToBlocks>, words: string) => blocks.find((b) => b.text.includes(words))?.text;

  it('joins justified paragraphs: padding removed, words broken with U+2010 rejoined, also in capitals', () => {
    const find = textToBlocks(FIND);
    // The option the paragraph describes stays on a line of its own above it.
    expect(containing(find, 'predicates with side effects')).toBe(
      '-Olevel\n       Enables query optimisation.  The find program reorders tests to speed up execution while preserving the overall effect; that is, predicates with side effects are not reordered relative to each other.  The optimisations performed at each optimisation level are as follows.',
    );
    expect(containing(textToBlocks(MAKE), 'but WITHOUT ANY')).toContain('without even the implied warranty of MERCHANTABILITY or FITNESS');
  });

  it('joins a hanging paragraph after its term, and a paragraph indented deeper than the body', () => {
    const find = textToBlocks(FIND);
    expect(containing(find, 'Never follow symbolic links')).toMatch(
      /^-P {5}Never follow symbolic links\. {2}This is the default behaviour\. When find examines/,
    );
    expect(containing(find, 'Never follow symbolic links')).not.toContain('\n');
    const ssh = textToBlocks(SSH);
    expect(containing(ssh, 'perform operations')).toBe(
      "Agent forwarding should be enabled with caution.  Users with the ability to bypass file permissions on the remote host (for the agent's UNIX-domain socket) can access the local agent through the forwarded connection.  An attacker cannot obtain key material from the agent, however they can perform operations on the keys that enable them to authenticate using the identities loaded into the agent.  A safer alternative may be to use a jump host (see -J).",
    );
    expect(containing(ssh, 'before attempting to connect to the destination host')).toBeDefined();
  });

  it('leaves no word of any manual split by a hyphen and a line break', () => {
    for (const name of ['find', 'grep', 'gzip', 'less', 'make', 'sed', 'ssh', 'tar', 'wget']) {
      const blocks = textToBlocks(readFileSync(`bench/quality/docs/${name}-manual.txt`, 'utf8'));
      const broken = blocks.flatMap((b) => b.text.match(/\p{Ll}\u2010\n\s*\p{Ll}/gu) ?? []);
      // A handful remain where an example or a hanging term interrupts a paragraph's layout.
      expect(broken.length, name).toBeLessThanOrEqual(2);
    }
  });
});
