import { runServiceMain } from '@switchyard/service-host';
import { BadgeRendererConfigError } from './config/config.error';
import { BADGE_RENDERER_SERVICE, startBadgeRenderer } from './start-badge-renderer';

function portFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env['PORT']?.trim() || '8080';
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) throw new BadgeRendererConfigError('PORT', `"${raw}" is not a TCP port`);
  return Number(raw);
}

// Runs the badge renderer alone: config and bus from the environment, health and metrics on PORT,
// SIGTERM/SIGINT drain the handlers in flight and exit 0; bad configuration exits 1 naming it.
void runServiceMain(BADGE_RENDERER_SERVICE, (bus) => startBadgeRenderer({ bus, env: process.env, port: portFromEnv(process.env) }));
