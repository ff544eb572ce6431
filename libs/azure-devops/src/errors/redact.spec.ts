import { redactSecrets } from './redact';

const SECRET = 'abcdefghij0123456789/xyz';
const escape = (text: string, backslashes = 1) => [...text].map((c) => `${'\\'.repeat(backslashes)}u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('redactSecrets', () => {
  it.each([
    ['as written', `token ${SECRET} refused`],
    ['as Basic credentials', `Basic ${Buffer.from(`:${SECRET}`).toString('base64')}`],
    ['URL-encoded', `?token=${encodeURIComponent(SECRET)}`],
    ['wholly in JSON escapes', `{"Message":"${escape(SECRET)}"}`],
    ['one character escaped, in JSON inside JSON', `{"inner":"{\\"m\\":\\"${SECRET.slice(0, 3)}\\\\u0064${SECRET.slice(4)}\\"}"}`],
    ['with its slash written \\/', `{"m":"${SECRET.replace('/', '\\/')}"}`],
    ['in upper-case escapes', `"${escape(SECRET).toUpperCase().replace(/\\U/g, '\\u')}"`],
  ])('removes a secret %s', (_how, text) => {
    const redacted = redactSecrets(text, [SECRET]);
    expect(redacted).toContain('***');
    expect(redacted).not.toMatch(/abc|0123|xyz/);
  });

  it('leaves a text without the secret exactly as it was, escapes included', () => {
    for (const text of ['C:\\\\temp\\\\u0041bc', 'regex \\\\/path', 'line1\\u000aline2 \\u0022quoted\\u0022', `almost ${SECRET.slice(0, -1)}`]) {
      expect(redactSecrets(text, [SECRET])).toBe(text);
    }
  });
});
