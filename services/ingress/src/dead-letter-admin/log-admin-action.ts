import type { onResponseHookHandler } from 'fastify';
import type { Logger } from '@switchyard/observability';
import { adminKeyNameOf } from './admin-keys';

/**
 * One info line per resubmit or purge a key was let in for, whatever the answer: who asked, on which
 * route, for which subscription and how many dead letters (a number of ids, or "all"). Never the key
 * or a body; messaging logs each purged dead letter itself.
 */
export function logAdminAction(logger: Logger): onResponseHookHandler {
  return (request, reply, done) => {
    const keyName = adminKeyNameOf(request);
    if (request.method === 'POST' && keyName !== undefined) {
      const { subscription, selected } = selectionOf(request.body);
      logger.info({ keyName, route: request.url.split('?')[0], subscription, selected, status: reply.statusCode }, 'dead-letter admin request');
    }
    done();
  };
}

// The body as the routes read it (raw JSON bytes here); what they refuse as malformed is logged as undefined.
function selectionOf(raw: unknown): { subscription?: string; selected?: number | 'all' } {
  let body: unknown = raw;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    try {
      body = JSON.parse(body.toString());
    } catch {
      return {};
    }
  }
  if (typeof body !== 'object' || body === null) return {};
  const { subscription, ids, all } = body as Record<string, unknown>;
  return {
    subscription: typeof subscription === 'string' ? subscription.slice(0, 200) : undefined,
    selected: all === true ? 'all' : Array.isArray(ids) ? ids.length : undefined,
  };
}
