import { describe, expect, it } from 'vitest';
import { buildCitations } from '@/server/chat/citations';
import { rewriteQuery } from '@/server/chat/rewrite';
import { supports } from '@/server/evals/metrics';
import { NO_ANSWER, type ChatContext, type ChatTurn } from './chat-model';
import { ExtractiveAnswerer, questionCue } from './extractive';

// Verbatim from /usr/share/common-licenses (hard-wrapped as shipped, two spaces after full stops).
const GPL_TERMINATION = `  8. Termination.

  You may not propagate or modify a covered work except as expressly
provided under this License.  Any attempt otherwise to propagate or
modify it is void, and will automatically terminate your rights under
this License (including any patent licenses granted under the third
paragraph of section 11).

  However, if you cease all violation of this License, then your
license from a particular copyright holder is reinstated (a)
provisionally, unless and until the copyright holder explicitly and
finally terminates your license, and (b) permanently, if the copyright
holder fails to notify you of the violation by some reasonable means
prior to 60 days after the cessation.

  Moreover, your license from a particular copyright holder is
reinstated permanently if the copyright holder notifies you of the
violation by some reasonable means, this is the first time you have
received notice of violation of this License (for any work) from that
copyright holder, and you cure the violation prior to 30 days after
your receipt of the notice.
`;

const APACHE_DEFINITIONS = `      "Work" shall mean the work of authorship, whether in Source or
      Object form, made available under the License, as indicated by a
      copyright notice that is included in or attached to the work
      (an example is provided in the Appendix below).

      "Derivative Works" shall mean any work, whether in Source or Object
      form, that is based on (or derived from) the Work and for which the
      editorial revisions, annotations, elaborations, or other modifications
      represent, as a whole, an original work of authorship. For the purposes
      of this License, Derivative Works shall not include works that remain
      separable from, or merely link (or bind by name) to the interfaces of,
      the Work and Derivative Works thereof.
`;

const APACHE_GRANT = `   2. Grant of Copyright License. Subject to the terms and conditions of
      this License, each Contributor hereby grants to You a perpetual,
      worldwide, non-exclusive, no-charge, royalty-free, irrevocable
      copyright license to reproduce, prepare Derivative Works of,
      publicly display, publicly perform, sublicense, and distribute the
      Work and such Derivative Works in Source or Object form.
`;

// A manual with a synopsis of the kind that used to be quoted whole.
const MANUAL_SYNOPSIS = `harbor-sync keeps a directory in step with a Harbor backup server. It watches the directory for changes, batches them every few seconds, compresses and encrypts each batch with the key named in the configuration, and sends it to the server over a single TLS connection that it keeps open between batches. When the connection drops it retries with exponential back-off, up to ten minutes between attempts, and it never deletes a local file because the server lost it. Large files are split into blocks of four megabytes so that a change in the middle of a file sends only the blocks that changed. Deleted files are kept on the server for thirty days before they are purged, so that a mistaken deletion can be undone. The daemon writes its log to the system journal and reports its state on a local status socket that harbor-status reads.`;

const MANUAL_EXIT_CODES = `## Exit codes
The command exits with one of these codes:
0 means success.
2 means the configuration file is invalid.
3 means the client could not reach the server.
4 means the encryption key is missing.`;

const MANUAL_PORTS = `The sync daemon uses its own port for replication traffic between sites, and the status socket is local.
The sync daemon listens on port 8730 by default. Change it with the listen_port setting.`;

// Rows as server/documents/extract/csv.ts writes them, one per line.
const SERVICES_ROWS = `service: ssh; port: 22; protocol: tcp; description: Secure shell for remote logins
service: smtp; port: 25; protocol: tcp; description: Outgoing mail
service: dns; port: 53; protocol: udp; description: Name resolution`;

const SERVICES_CSV = `service,port,protocol
ssh,22,tcp
https,443,tcp
ntp,123,udp`;

function context(n: number, content: string, filename = `doc-${n}.txt`): ChatContext {
  return {
    n,
    chunkId: `00000000-0000-4000-8000-00000000000${n}`,
    documentId: `00000000-0000-4000-9000-00000000000${n}`,
    filename,
    page: null,
    section: null,
    content,
    charStart: 0,
    score: 1 / n,
    similarity: 0.5,
    textMatch: true,
  };
}

async function answer(question: string, contexts: ChatContext[], history: ChatTurn[] = [], searchQuery?: string) {
  let text = '';
  for await (const event of new ExtractiveAnswerer(0).answer({ question, searchQuery, history, contexts })) {
    if (event.type === 'delta') text += event.text;
  }
  return text;
}

/** Every answer sentence is cited, and its citations support it (the evaluation's own test). */
function expectCitedAndSupported(text: string, contexts: ChatContext[]) {
  const { citations } = buildCitations(text, contexts);
  for (const c of citations) expect(contexts.find((x) => x.chunkId === c.chunkId)!.content).toContain(c.quote);
  for (const sentence of text.split(/(?<=\]\.)\s+/)) {
    const markers = [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(markers.length, sentence).toBeGreaterThan(0);
    const cited = markers.map((n) => contexts.find((x) => x.n === n)!.content);
    expect(supports(sentence.replace(/\s?\[\d+\]/g, ''), cited), sentence).toBe(true);
  }
}

describe('the offline answerer', () => {
  it('reads what a question asks for from its wording', () => {
    expect(questionCue('How much does the Enterprise plan cost?')).toBe('price');
    expect(questionCue('Which port does ssh use?')).toBe('number');
    expect(questionCue('When is support available?')).toBe('time');
    expect(questionCue('Who approves expense claims?')).toBe('person');
    expect(questionCue('Where is the configuration file?')).toBe('place');
    expect(questionCue('What is a Derivative Work?')).toBe('definition');
    expect(questionCue('How do I restore a single file?')).toBe('procedure');
    expect(questionCue('Tell me about the plans')).toBeNull();
  });

  it('picks the sentence that answers over one that merely shares more words', async () => {
    const contexts = [context(1, MANUAL_PORTS)];
    const text = await answer('Which port does the sync daemon use?', contexts);
    expect(text).toBe('The sync daemon listens on port 8730 by default [1].');
    expectCitedAndSupported(text, contexts);
  });

  it('answers a definition with the sentence that defines the term, not one that mentions it', async () => {
    const contexts = [context(1, APACHE_GRANT), context(2, APACHE_DEFINITIONS)];
    const text = await answer('What is a Derivative Work?', contexts);
    expect(text.startsWith('"Derivative Works" shall mean any work')).toBe(true);
    expect(text).toContain('based on (or derived from) the Work');
    expectCitedAndSupported(text, contexts);
  });

  it('finds the number a question asks for in a hard-wrapped licence paragraph', async () => {
    const contexts = [context(1, GPL_TERMINATION)];
    const text = await answer('How many days do I have to cure a violation after a notice?', contexts);
    expect(text).toMatch(
      /^Moreover, your license from a particular copyright holder is reinstated permanently .* prior to 30 days after your receipt of the notice \[1\]\./,
    );
    // The hard wraps are gone from the quote, which is one sentence rather than line fragments.
    expect(text).not.toContain('\n');
    expectCitedAndSupported(text, contexts);
  });

  it('keeps a sentence with the one it carries on from', async () => {
    const contexts = [
      context(
        1,
        'The Enterprise plan costs 90 euros per user per month. It adds single sign-on, audit logs and a dedicated account manager.\n\nInvoices are sent monthly.',
      ),
    ];
    const text = await answer('Does it include single sign-on and audit logs?', contexts);
    expect(text).toBe(
      'The Enterprise plan costs 90 euros per user per month [1]. It adds single sign-on, audit logs and a dedicated account manager [1].',
    );
    expectCitedAndSupported(text, contexts);
  });

  it('reads a list item with the sentence that introduces it, and only the item asked about', async () => {
    const contexts = [context(1, MANUAL_EXIT_CODES)];
    const text = await answer('What does exit code 3 mean?', contexts);
    expect(text).toBe('The command exits with one of these codes: 3 means the client could not reach the server [1].');
    expectCitedAndSupported(text, contexts);
    // Asked for the list, it gives the lead with its items.
    const all = await answer('Which exit codes does the command have?', contexts);
    expect(all).toContain('The command exits with one of these codes: 0 means success [1].');
    expect(all).toContain('4 means the encryption key is missing [1].');
  });

  it('never quotes a whole synopsis: a few sentences within the budget', async () => {
    const contexts = [context(1, MANUAL_SYNOPSIS)];
    const text = await answer('What does harbor-sync do with the directory and the server?', contexts);
    const sentences = text.match(/\[\d+\]\./g) ?? [];
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(text.replace(/ \[\d+\]/g, '').length).toBeLessThanOrEqual(520);
    expect(text.length).toBeLessThan(MANUAL_SYNOPSIS.length / 2);
    expectCitedAndSupported(text, contexts);
    const kept = await answer('How long are deleted files kept on the server?', contexts);
    expect(kept.startsWith('Deleted files are kept on the server for thirty days')).toBe(true);
  });

  it('cuts a sentence longer than the budget at a clause, never quoting it whole', async () => {
    const long = `You may convey a covered work in object code form under the terms of sections 4 and 5, provided that you also convey the machine-readable Corresponding Source under the terms of this License, on a durable physical medium customarily used for software interchange, for a price no more than your reasonable cost of physically performing this conveying of source, or access to copy the Corresponding Source from a network server at no charge, and you maintain clear directions next to the object code saying where to find the Corresponding Source, for as long as needed to satisfy these requirements.`;
    const text = await answer('How may I convey a covered work in object code form?', [context(1, long)]);
    expect(text.length).toBeLessThan(long.length);
    expect(text).toMatch(/^You may convey a covered work in object code form .* … \[1\]$/);
  });

  it('never quotes the piece of a sentence that a chunk boundary cut', async () => {
    // An overlapping chunk that starts and ends mid-sentence, as the chunker cuts a long paragraph.
    const cut = {
      ...context(
        1,
        `violation by some reasonable means, this is the first time you have
received notice of violation of this License (for any work) from that
copyright holder, and you cure the violation prior to 30 days after
your receipt of the notice.

  Termination of your rights under this section does not terminate the
licenses of parties who have received copies or rights from`,
      ),
      charStart: 1200,
    };
    const text = await answer('How many days do I have to cure a violation after a notice?', [cut]);
    expect(text).toBe(NO_ANSWER);
  });

  it('answers from a table row in plain words, from extracted rows and from a CSV header with records', async () => {
    const rows = [context(1, SERVICES_ROWS, 'services.csv')];
    const ssh = await answer('Which port does ssh use?', rows);
    expect(ssh).toBe('The service ssh has port 22 (protocol tcp, description Secure shell for remote logins) [1].');
    expectCitedAndSupported(ssh, rows);
    expect(buildCitations(ssh, rows).citations[0]!.quote).toBe(
      'service: ssh; port: 22; protocol: tcp; description: Secure shell for remote logins',
    );
    const dns = await answer('What protocol does dns use?', rows);
    expect(dns).toBe('The service dns has protocol udp (port 53, description Name resolution) [1].');
    // As a chunk holds them: rows are blocks, a blank line apart, and each stays a unit of its own.
    const chunked = [context(1, SERVICES_ROWS.replaceAll('\n', '\n\n'), 'services.csv')];
    expect(await answer('Which port does ssh use?', chunked)).toBe(ssh);

    const csv = [context(1, SERVICES_CSV, 'services.csv')];
    const https = await answer('Which service uses port 443?', csv);
    expect(https).toBe('The port 443 has service https (protocol tcp) [1].');
    expectCitedAndSupported(https, csv);
  });

  it('in a follow-up, gives what the previous answer did not say', async () => {
    const contexts = [context(1, GPL_TERMINATION)];
    const question = 'What happens to my license when I cease all violation?';
    const first = await answer(question, contexts);
    expect(first).toMatch(/^However, if you cease all violation of this License/);
    const history: ChatTurn[] = [
      { role: 'user', content: question },
      { role: 'assistant', content: first },
    ];
    const followUp = 'And if the copyright holder notifies me of the violation?';
    const next = await answer(followUp, contexts, history, rewriteQuery(followUp, history));
    expect(next).toMatch(/^Moreover, your license from a particular copyright holder is reinstated permanently/);
    expect(next).not.toContain('However, if you cease all violation');
    expectCitedAndSupported(next, contexts);
  });

  it('repeats an earlier sentence in a follow-up only when it answers the new question', async () => {
    const contexts = [context(1, 'The Enterprise plan costs 90 euros per user per month. It adds single sign-on and audit logs.')];
    const history: ChatTurn[] = [
      { role: 'user', content: 'Tell me about the Enterprise plan' },
      {
        role: 'assistant',
        content: 'The Enterprise plan costs 90 euros per user per month [1]. It adds single sign-on and audit logs [1].',
      },
    ];
    const text = await answer('and what about its price?', contexts, history, 'and what about its price? enterprise plan');
    expect(text).toContain('90 euros per user per month');
  });

  it('declines when nothing retrieved answers the question', async () => {
    const contexts = [context(1, GPL_TERMINATION), context(2, SERVICES_ROWS)];
    expect(await answer('What is the capital city of Mongolia?', contexts)).toBe(NO_ANSWER);
    expect(await answer('Which database engine does the mobile app use offline?', contexts)).toBe(NO_ANSWER);
    expect(await answer('Anything?', [])).toBe(NO_ANSWER);
  });
});

describe('hostile passages', () => {
  it('answers at once from a long ALL-CAPS line (a heading check once backtracked exponentially on it)', async () => {
    const caps = `1. ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.repeat(4)} TERMS`;
    const contexts = [
      {
        n: 1,
        chunkId: 'c1',
        documentId: 'd1',
        filename: 'caps.txt',
        content: `${caps}\n\nThe fee is 30 dollars per month.`,
        page: null,
        charStart: 0,
        charEnd: 200,
      },
    ];
    let text = '';
    for await (const e of new ExtractiveAnswerer().answer({ question: 'What is the fee per month?', history: [], contexts } as never))
      if (e.type === 'delta') text += e.text;
    expect(text).toContain('30 dollars');
  });
});
