// Characters that would break a blob path, a URL or a Markdown link: the path separators, URL
// delimiters, '%' (the Storage SDK leaves it unescaped, so it would be read as an escape), Markdown's
// brackets and parentheses, HTML quoting, control characters, and '~' itself (the escape character,
// escaped so every encoding is reversible and two names can never share a path). Also what XML cannot
// carry or Unicode reserves: lone surrogates (\p{Cs}; valid in JSON, but encodeURIComponent throws on
// them) and the noncharacters, U+FFFE and U+FFFF among them (List Blobs answers in XML, and a blob
// name with U+FFFF makes the listing of the whole container fail with 500).
const UNSAFE = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}/\\~%?#()[\]<>"'`|^{}*:;]/gu;

function hexBytes(bytes: Iterable<number>): string {
  return Array.from(bytes, (byte) => `~${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/**
 * `~XX` per UTF-8 byte. A lone surrogate has no UTF-8 form: it is written as the three bytes
 * generalized UTF-8 (WTF-8) gives it (U+D800 → `~ED~A0~80`), which no valid character encodes to,
 * so two different lone surrogates, or one and U+FFFD, never share a segment.
 */
function escapeChar(char: string): string {
  const code = char.length === 1 ? char.charCodeAt(0) : -1;
  if (code >= 0xd800 && code <= 0xdfff) return hexBytes([0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]);
  return hexBytes(Buffer.from(char, 'utf8'));
}

/**
 * One path segment for an Azure DevOps name: readable (spaces, dots and Unicode stay as they are),
 * stable (Unicode is NFC-normalized, nothing depends on case or time) and injective. Leading and
 * trailing dots and spaces are escaped because Blob storage and URL resolution strip or reinterpret
 * them ("." and ".." segments, names ending in ".").
 */
export function blobSegment(name: string): string {
  const escaped = name.normalize('NFC').replace(UNSAFE, escapeChar);
  return escaped
    .replace(/^[. ]+/, (edge) => Array.from(edge, escapeChar).join(''))
    .replace(/[. ]+$/, (edge) => Array.from(edge, escapeChar).join(''));
}

/** The segment used when a name is unknown but its numeric id is (`~id-12`, never a valid escaped name). */
export function idSegment(id: number): string {
  return `~id-${id}`;
}

/** The segment for a value the event did not carry at all (a bare `~` never results from a name). */
export const UNKNOWN_SEGMENT = '~';

/**
 * The release-definition segment of a deployment that names no definition (the docs samples). A
 * `~` that is not followed by two hex digits never comes out of `blobSegment`, so no real
 * definition name or id can land here.
 */
export const UNKNOWN_DEFINITION_SEGMENT = '~unknown-definition';

/** Suffix that keeps apart same-named environments of different (unknown) definitions: `Dev~env-3`. */
export function environmentIdSuffix(definitionEnvironmentId: number): string {
  return `~env-${definitionEnvironmentId}`;
}
