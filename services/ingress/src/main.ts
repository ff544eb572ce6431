import { busOptionsFromEnv, createBus } from '@switchyard/messaging';
import { createLogger, initTracing } from '@switchyard/observability';
import { startIngress } from './start-ingress';

// Runs the ingress alone: config and bus from the environment, SIGTERM/SIGINT close it cleanly.
async function main(): Promise<void> {
  // First: the SDK must be started before the clients it instruments are built.
  const tracing = initTracing({ service: 'ingress' });
  const bus = createBus(busOptionsFromEnv(process.env));
  const ingress = await startIngress({ bus });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await ingress.close();
    await bus.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  createLogger({ service: 'ingress' }).fatal({ err: error }, 'ingress failed to start');
  process.exit(1);
});
