const REDACTED = '***';

/**
 * Removes every occurrence of each secret (and its Basic-auth and URL encodings) from a text. JSON
 * escapes are decoded first: a server may write any character as \u0070 or `/` as \/, and a secret
 * written that way is as readable as the secret itself.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.includes('\\') ? decodeJsonEscapes(text) : text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  }
  return out;
}

function decodeJsonEscapes(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\\//g, '/');
}

function secretForms(secret: string): string[] {
  return [
    secret,
    Buffer.from(`:${secret}`).toString('base64'),
    Buffer.from(`PAT:${secret}`).toString('base64'),
    encodeURIComponent(secret),
  ];
}
