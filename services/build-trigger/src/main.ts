import { busOptionsFromEnv, createBus } from '@switchyard/messaging';
import { createLogger } from '@switchyard/observability';
import { portFromEnv } from './config/build-trigger-config';
import { startBuildTrigger } from './start-build-trigger';

// Runs the build trigger alone: config and bus from the environment, SIGTERM/SIGINT close it cleanly.
async function main(): Promise<void> {
  const bus = createBus(busOptionsFromEnv(process.env));
  const service = await startBuildTrigger({ bus, port: portFromEnv(process.env), requireRules: true }).catch(async (error: unknown) => {
    await bus.close();
    throw error;
  });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await service.close();
    await bus.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  createLogger({ service: 'build-trigger' }).fatal({ err: error }, 'build-trigger failed to start');
  // A rules-file error lists every problem on its own line: print it readable for the operator too.
  process.stderr.write(`build-trigger failed to start: ${message}\n`);
  process.exit(1);
});
