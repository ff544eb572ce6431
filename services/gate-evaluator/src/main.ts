import { busOptionsFromEnv, createBus } from '@switchyard/messaging';
import { startGateEvaluator } from './start-gate-evaluator';

/** Runs the gate evaluator alone: bus from env, /healthz /readyz /metrics on PORT (default 8080). */
async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT="${process.env['PORT']}" is not a port number (0-65535)`);
  const bus = createBus(busOptionsFromEnv(process.env));
  const evaluator = await startGateEvaluator({ bus, port });
  const shutdown = async () => {
    await evaluator.close();
    await bus.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  // Start-up errors name the variable to fix; they carry no secret.
  console.error(`gate-evaluator failed to start: ${(error as Error).message}`);
  process.exit(1);
});
