const REDACTED = '***';

/** Removes every occurrence of each secret (and its Basic-auth encodings) from a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
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
