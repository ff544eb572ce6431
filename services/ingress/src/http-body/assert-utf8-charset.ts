import { ProblemError } from '../problem/problem.error';

// The usual spelling (with and without the charset) is compared first: most requests never run the regex.
const USUAL = 'application/json; charset=utf-8';
// The charset parameter (RFC 9110 §8.3.2: case-insensitive; the value a token or a quoted string).
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;
// "utf8" is the WHATWG label for the same encoding; some clients write it so.
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/**
 * Refuses (415) a JSON body whose Content-Type declares a charset other than UTF-8: the ingress reads
 * bodies as UTF-8 only, and a Latin-1 body that happens to be valid UTF-8 would be published garbled.
 * No charset means UTF-8 (RFC 8259).
 */
export function assertUtf8Charset(contentType: string | undefined): void {
  if (contentType === undefined || contentType === USUAL || contentType === 'application/json') return;
  const match = CHARSET.exec(contentType);
  if (!match || UTF8_NAMES.has((match[1] ?? match[2]).toLowerCase())) return;
  throw new ProblemError(
    415,
    'UNSUPPORTED_CHARSET',
    'Unsupported Media Type',
    'The body must be UTF-8: encode it as UTF-8 and send Content-Type: application/json (or application/json; charset=utf-8).',
  );
}
