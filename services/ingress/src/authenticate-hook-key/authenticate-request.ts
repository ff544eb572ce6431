import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../problem/problem.error';
import { setHookKeyName } from './hook-key.context';
import type { HookKeyService } from './hook-key.service';

/** One answer for a missing and a wrong key, so a caller cannot tell them apart. */
export function hookKeyRejected(): ProblemError {
  return new ProblemError(
    401,
    'HOOK_KEY_REJECTED',
    'Unauthorized',
    'A valid hook key is required: append ?code=<key> to the URL, send it as the HTTP Basic password, or in an X-Hook-Key header.',
    { headers: { 'www-authenticate': 'Basic realm="switchyard", charset="UTF-8"' } },
  );
}

/** Authenticates the request's hook key and records its name on the request; throws the 401 problem. */
export function authenticateRequest(keys: HookKeyService, request: FastifyRequest): string {
  const { headers } = request;
  // Every copy of a key header is checked (Node keeps only the first Authorization in headers); the
  // copies are gathered only when such a header is there at all, sparing the usual ?code= request.
  const headersDistinct = headers.authorization !== undefined || headers['x-hook-key'] !== undefined ? request.raw.headersDistinct : undefined;
  const name = keys.authenticate({ headers, headersDistinct, query: request.query });
  if (name === undefined) throw hookKeyRejected();
  setHookKeyName(request, name);
  return name;
}
