const REDACTED = '***';

/**
 * Removes every occurrence of each secret (and its Basic-auth and URL encodings) from a text, also
 * where a server wrote some of its characters as JSON escapes (\u0070, \/, with any number of
 * backslashes when JSON sits inside JSON): such a secret is as readable as the secret itself. The
 * rest of the text is left as it was.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) {
      out = out.split(form).join(REDACTED);
      if (out.includes('\\')) out = out.replace(escapedPattern(form), REDACTED);
    }
  }
  return out;
}

function secretForms(secret: string): string[] {
  return [
    secret,
    Buffer.from(`:${secret}`).toString('base64'),
    Buffer.from(`PAT:${secret}`).toString('base64'),
    encodeURIComponent(secret),
  ];
}

/** `form` with each character either as itself or JSON-escaped (`\uXXXX`, any case; `\/` for a slash). */
function escapedPattern(form: string): RegExp {
  const characters = [...form].map((character) => {
    const code = character.charCodeAt(0).toString(16).padStart(4, '0');
    const hex = [...code].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
    const alternatives = [character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), `\\\\+u${hex}`];
    if (character === '/') alternatives.push('\\\\+\\/');
    return `(?:${alternatives.join('|')})`;
  });
  return new RegExp(characters.join(''), 'g');
}
