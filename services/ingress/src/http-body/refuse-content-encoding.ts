import { ProblemError } from '../problem/problem.error';

/**
 * The 415 for a body sent with a content coding (gzip, deflate, br, …), or undefined for a body sent
 * as it is. The ingress never decodes one: without this, a gzip body was refused as `INVALID_UTF8`
 * ("encode it as UTF-8"), and a plain body labelled `gzip` was published as if the label were absent.
 * RFC 9110 §12.5.3: a server refusing a content coding answers 415 with `Accept-Encoding`. The value is
 * not quoted: a header value may hold anything a client put there.
 */
export function refuseContentEncoding(contentEncoding: string | undefined): ProblemError | undefined {
  if (contentEncoding === undefined) return undefined;
  const coding = contentEncoding.trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  return new ProblemError(
    415,
    'UNSUPPORTED_CONTENT_ENCODING',
    'Unsupported Media Type',
    'The body was sent with a Content-Encoding (compressed); send the JSON uncompressed, without a Content-Encoding header, as Azure DevOps does.',
    { headers: { 'accept-encoding': 'identity' } },
  );
}
