import type { FastifyInstance } from 'fastify';
import { registerDeadLetterAdminRoutes, type Bus } from '@switchyard/messaging';
import type { Logger } from '@switchyard/observability';
import type { IngressConfig } from '../config/ingress-config';
import { requireHttpsHook } from '../transport-security/require-https.hook';
import { adminKeyNameOf, AdminKeys } from './admin-keys';
import { admitAdminKey } from './admit-admin-key';
import { logAdminAction } from './log-admin-action';

/**
 * GET /admin/dead-letters and POST /admin/dead-letters/resubmit and /purge for the dead-letters CLI.
 * Opened by a hook key that HOOK_KEY_ORGANIZATIONS does not bind, under the same REQUIRE_HTTPS rule
 * (and 403 problem) as the hooks, checked first. In a scope of their own, so that their hooks run on
 * these routes only.
 */
export function serveDeadLetterAdmin(fastify: FastifyInstance, bus: Bus, config: IngressConfig, logger: Logger): void {
  const keys = new AdminKeys(config.hookKeys, config.hookKeyOrganizations);
  void fastify.register(async (scope) => {
    scope.addHook('onResponse', logAdminAction(logger));
    registerDeadLetterAdminRoutes(scope, bus, {
      onRequest: [requireHttpsHook(config, logger), admitAdminKey(keys, logger)],
      authenticate: (request) => adminKeyNameOf(request) !== undefined,
    });
  });
}
