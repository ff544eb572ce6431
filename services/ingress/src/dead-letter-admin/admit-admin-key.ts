import type { onRequestHookHandler } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { ProblemError } from '../problem/problem.error';
import { sendProblem } from '../problem/send-problem';
import { setAdminKeyName, type AdminKeys } from './admin-keys';

/**
 * The admin routes' key check, as an onRequest hook: an unbound key's name is recorded for
 * `authenticate` and the log; a key HOOK_KEY_ORGANIZATIONS binds is refused with 403, since the
 * dead letters of every organization (their bodies too) are behind these routes. No or a wrong key is
 * left to the routes' own 401.
 */
export function admitAdminKey(keys: AdminKeys, logger: Logger): onRequestHookHandler {
  return (request, reply, done) => {
    const key = keys.presentedIn(request);
    if (key?.bound) {
      // Its holder sees the 403; at debug, as nothing limits the rate of these routes.
      logger.debug({ keyName: key.name, method: request.method, path: request.url.split('?')[0] }, 'dead-letter admin request refused: the hook key is bound to organizations');
      sendProblem(boundKeyRefusal(key.name), request, reply, logger);
      return;
    }
    if (key) setAdminKeyName(request, key.name);
    done();
  };
}

function boundKeyRefusal(keyName: string): ProblemError {
  return new ProblemError(
    403,
    'HOOK_KEY_NOT_FOR_ADMIN',
    'Forbidden',
    `Hook key "${keyName}" is bound by HOOK_KEY_ORGANIZATIONS to its organizations, and the dead-letter admin API lists, resubmits and purges ` +
      "the dead letters of every organization: use a key that HOOK_KEY_ORGANIZATIONS does not bind (the CLI's --key or SWITCHYARD_ADMIN_KEY).",
  );
}
