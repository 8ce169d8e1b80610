import { describe, expect, it } from 'vitest';
import { mailConfig, smtpUrlProblem } from './config';
import { escapeHtml, renderMail } from './render';

describe('renderMail', () => {
  const content = {
    greeting: 'Hello <b>Eve</b> & co,',
    paragraphs: ['Join “acme”.'],
    action: { label: 'Accept', url: 'http://localhost:3000/invite/abc"def' },
    notes: ['Works once.'],
  };

  it('says the same in text and HTML, with the link in both', () => {
    const { text, html } = renderMail(content);
    expect(text).toBe(
      'Hello <b>Eve</b> & co,\n\nJoin “acme”.\n\nAccept:\nhttp://localhost:3000/invite/abc"def\n\nWorks once.\n\n— AgenticOmni Console',
    );
    expect(html).toContain('href="http://localhost:3000/invite/abc&quot;def"');
    expect(html).toContain('Join “acme”.');
  });

  it('escapes what people wrote, so a name cannot add markup', () => {
    const { html } = renderMail(content);
    expect(html).toContain('Hello &lt;b&gt;Eve&lt;/b&gt; &amp; co,');
    expect(html).not.toContain('<b>Eve');
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });
});

describe('mail configuration', () => {
  it('reads SMTP_URL and MAIL_FROM, with the outbox and a no-reply sender at the console’s host by default', () => {
    // The test setup's NEXTAUTH_URL is http://localhost:3000.
    expect(mailConfig({})).toEqual({ smtpUrl: null, from: 'AgenticOmni Console <no-reply@localhost>' });
    expect(mailConfig({ SMTP_URL: ' smtp://u:p@mail:587 ', MAIL_FROM: 'Ops <ops@x.test>' })).toMatchObject({
      smtpUrl: 'smtp://u:p@mail:587',
      from: 'Ops <ops@x.test>',
    });
  });

  it('names what is wrong with an SMTP_URL that cannot work', () => {
    expect(smtpUrlProblem('smtp://u:p@mail:587')).toBeNull();
    expect(smtpUrlProblem('smtps://mail:465')).toBeNull();
    expect(smtpUrlProblem('mail.example.com')).toBe('SMTP_URL is not a valid URL (expected smtp://user:password@host:port).');
    expect(smtpUrlProblem('https://mail.example.com')).toBe('SMTP_URL must start with smtp:// or smtps://, not https://.');
  });
});
