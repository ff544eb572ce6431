import { portFromEnv, runServiceMain } from '@switchyard/service-host';
import { BADGE_RENDERER_SERVICE, startBadgeRenderer } from './start-badge-renderer';

// Runs the badge renderer alone: config and bus from the environment, health and metrics on PORT,
// SIGTERM/SIGINT drain the handlers in flight and exit 0; bad configuration exits 1 naming it.
void runServiceMain(BADGE_RENDERER_SERVICE, (bus) => startBadgeRenderer({ bus, env: process.env, port: portFromEnv(process.env) }));
