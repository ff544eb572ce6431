import { busOptionsFromEnv, createBus } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { BadgeRendererConfigError } from './config/config.error';
import { startBadgeRenderer } from './start-badge-renderer';

function portFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env['PORT']?.trim() || '8080';
  if (!/^\d+$/.test(raw) || Number(raw) > 65_535) throw new BadgeRendererConfigError('PORT', `"${raw}" is not a TCP port`);
  return Number(raw);
}

// Runs the badge renderer alone: config and bus from the environment, health and metrics on PORT,
// SIGTERM/SIGINT drain the handlers in flight and exit.
async function main(): Promise<void> {
  const port = portFromEnv(process.env);
  const bus = createBus(busOptionsFromEnv(process.env));
  const renderer = await startBadgeRenderer({ bus, env: process.env, port });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await renderer.close();
    await bus.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  createLogger({ service: 'badge-renderer' }).fatal({ err: error }, 'badge renderer failed to start');
  process.exit(1);
});
