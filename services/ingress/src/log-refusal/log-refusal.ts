import type { FastifyRequest } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { hookKeyNameOf } from '../authenticate-hook-key/hook-key.context';
import { problemCodeOf } from '../problem/problem-code.context';

/**
 * Logs a refused request of a keyed route with its status, problem code and key name, never a header
 * value or the body: at warn when the caller had a valid hook key, since the sender (Azure DevOps,
 * Azure Pipelines) shows the refusal nowhere an operator looks; at debug otherwise, since anyone can
 * send those and a warn line each would let them fill the logs. `context` names the route's own
 * fields (a check's policy and mode).
 */
export function logRefusal(logger: Logger, request: FastifyRequest, status: number, message: string, context?: Record<string, unknown>): void {
  const keyName = hookKeyNameOf(request);
  if (keyName === undefined && !logger.isLevelEnabled('debug')) return;
  const fields = { ...context, status, code: problemCodeOf(request), keyName };
  if (keyName === undefined) logger.debug(fields, message);
  else logger.warn(fields, message);
}
