import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packArchive, sha256Hex } from './archive';
import { LINK_TTL_SECONDS, signLink, verifyLink, type LinkClaims } from './link';
import { buildProcessingInfo, endpointHost } from './processing';
import { escapeHtml, renderReadme } from './readme';
import { ANOTHER_PERSON, createRedactor, safeArchiveName } from './redact';

describe('createRedactor', () => {
  const redactor = createRedactor({ email: 'ann.smith@acme.test', name: 'Ann Smith' }, [
    { email: 'bob@acme.test', name: 'Bob Jones' },
    { email: 'ann@acme.test', name: 'Ann' },
    { email: 'al@acme.test', name: 'Al' },
  ]);

  it("replaces other people's e-mails and names, and any other address", () => {
    expect(redactor.text('Bob Jones (bob@acme.test) wrote to x.y@other.org')).toBe(
      `${ANOTHER_PERSON} (${ANOTHER_PERSON}) wrote to ${ANOTHER_PERSON}`,
    );
    expect(redactor.text('bob jones agreed')).toBe(`${ANOTHER_PERSON} agreed`);
  });

  it("keeps the subject's own e-mail and name, even when a colleague's name is part of it", () => {
    expect(redactor.text('Ann Smith <ann.smith@acme.test> met Ann.')).toBe(`Ann Smith <ann.smith@acme.test> met ${ANOTHER_PERSON}.`);
  });

  it('leaves words that only contain a name, and names too short to be safe', () => {
    expect(redactor.text('Annual plan; Al said hi')).toBe('Annual plan; Al said hi');
  });

  it('redacts strings at any depth and leaves keys and other values alone', () => {
    expect(redactor.deep({ by: 'Bob Jones', n: 3, list: ['bob@acme.test', null], at: { 'bob@acme.test': true } })).toEqual({
      by: ANOTHER_PERSON,
      n: 3,
      list: [ANOTHER_PERSON, null],
      at: { 'bob@acme.test': true },
    });
  });
});

describe('safeArchiveName', () => {
  it('drops directories, reserved and control characters and leading dots, and prefixes the id', () => {
    expect(safeArchiveName('../../etc/passwd', 'abcdef12-0000')).toBe('abcdef12-_.._etc_passwd');
    expect(safeArchiveName('.hidden', 'abcdef12')).toBe('abcdef12-hidden');
    expect(safeArchiveName('a\u0000b:c?.txt', 'abcdef12')).toBe('abcdef12-a_b_c_.txt');
    expect(safeArchiveName('...', 'abcdef12')).toBe('abcdef12-file');
    expect(safeArchiveName('x'.repeat(500), 'abcdef12').length).toBe(9 + 120);
  });
});

describe('packArchive', () => {
  it('lists every file with its size and SHA-256 in manifest.json, first', () => {
    const files = [
      { path: 'data/a.json', bytes: strToU8('{"a":1}'), description: 'A' },
      { path: 'files/x.pdf', bytes: new Uint8Array([1, 2, 3]), description: 'X' },
    ];
    const { zip, manifest, sha256 } = packArchive(files, {
      requestId: 'r',
      requestType: 'access',
      tenant: 'Acme',
      generatedAt: '2026-01-02T03:04:05.000Z',
      subject: { kind: 'user' },
    });
    expect(sha256).toBe(sha256Hex(zip));
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(['manifest.json', 'data/a.json', 'files/x.pdf']);
    expect(JSON.parse(strFromU8(entries['manifest.json']!))).toEqual(manifest);
    expect(manifest.files).toEqual([
      { path: 'data/a.json', sizeBytes: 7, sha256: sha256Hex(strToU8('{"a":1}')), description: 'A' },
      { path: 'files/x.pdf', sizeBytes: 3, sha256: sha256Hex(new Uint8Array([1, 2, 3])), description: 'X' },
    ]);
  });

  it('refuses paths that climb out, are absolute, or repeat', () => {
    const meta = {
      requestId: 'r',
      requestType: 'access',
      tenant: 'A',
      generatedAt: new Date(0).toISOString(),
      subject: { kind: 'email' as const },
    };
    const file = (path: string) => ({ path, bytes: new Uint8Array(), description: '' });
    expect(() => packArchive([file('../x')], meta)).toThrow(/invalid or duplicate/);
    expect(() => packArchive([file('/x')], meta)).toThrow(/invalid or duplicate/);
    expect(() => packArchive([file('a'), file('a')], meta)).toThrow(/invalid or duplicate/);
  });
});

describe('README.html', () => {
  it('escapes every value', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
    const html = renderReadme({
      tenantName: '<b>Acme</b>',
      requestId: 'r"1',
      generatedAt: 'now',
      profile: [['Name', '<script>x</script>']],
      chats: [{ title: '"><svg onload=alert(1)>', createdAt: 'today', messages: 2 }],
      files: [{ name: '<i>f</i>', path: 'files/f', sizeBytes: 2048 }],
      contents: [{ path: 'data/x.json', description: 'X' }],
    });
    expect(html).not.toMatch(/<(script|svg|img|i|b)[\s>]/i);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
    expect(html).toContain('2.0 KB');
  });
});

describe('processing information', () => {
  it('names a remote provider by host only, and the local model as no third party', () => {
    expect(endpointHost('https://user:pw@api.example.com:8443/v1?key=1')).toBe('api.example.com:8443');
    expect(endpointHost('not a url')).toBeNull();
    const info = buildProcessingInfo({
      tenantName: 'Acme',
      retentionDays: null,
      retentionByClass: { chats: 30, audit: null },
      models: [
        {
          providerType: 'openai-compatible',
          providerName: 'Azure',
          baseUrl: 'https://x.openai.azure.com/v1',
          modelName: 'gpt',
          embeddingModel: null,
          enabled: true,
        },
        { providerType: 'local', providerName: null, baseUrl: null, modelName: 'extractive-v1', embeddingModel: null, enabled: true },
      ],
    });
    expect(info.recipients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: 'Azure (x.openai.azure.com)', host: 'x.openai.azure.com' }),
        expect.objectContaining({ role: 'no third party' }),
      ]),
    );
    expect(info.retention).toMatchObject({
      chats: 'kept for 30 days, then deleted',
      auditLog: 'kept until deleted by the workspace or erased on request',
      documents: 'kept until deleted by the workspace or erased on request',
    });
    expect(JSON.stringify(info)).not.toContain('user:pw');
  });
});

describe('signed links', () => {
  const claims: LinkClaims = { requestId: 'req-1', tenantId: 'ten-1', expires: 2_000_000_000, actor: { type: 'user', id: 'u-1' } };

  it('verifies its own signature while in time, and says expired after', () => {
    const sig = signLink(claims);
    expect(verifyLink(claims, sig, claims.expires - LINK_TTL_SECONDS)).toBe('ok');
    expect(verifyLink(claims, sig, claims.expires + 1)).toBe('expired');
  });

  it('refuses a signature for other claims, a changed one, or another key version', () => {
    const sig = signLink(claims);
    const now = claims.expires - 1;
    expect(verifyLink({ ...claims, tenantId: 'ten-2' }, sig, now)).toBe('invalid');
    expect(verifyLink({ ...claims, requestId: 'req-2' }, sig, now)).toBe('invalid');
    expect(verifyLink({ ...claims, actor: { type: 'user', id: 'u-2' } }, sig, now)).toBe('invalid');
    expect(verifyLink({ ...claims, expires: claims.expires + 60 }, sig, now)).toBe('invalid');
    expect(verifyLink(claims, sig.replace(/^\d+/, '99'), now)).toBe('invalid');
    expect(verifyLink(claims, `${sig}x`, now)).toBe('invalid');
    expect(verifyLink(claims, '', now)).toBe('invalid');
    expect(verifyLink({ ...claims, expires: Number.NaN }, sig, now)).toBe('invalid');
  });
});
