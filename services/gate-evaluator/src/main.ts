import { runServiceMain } from '@switchyard/service-host';
import { startGateEvaluator } from './start-gate-evaluator';

// Runs the gate evaluator alone: bus from BUS / SERVICEBUS_*, /healthz /readyz /metrics on PORT (default 8080).
const port = Number(process.env['PORT'] ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`gate-evaluator failed to start: PORT="${process.env['PORT']}" is not a port number (0-65535)\n`);
  process.exit(1);
}
void runServiceMain('gate-evaluator', (bus) => startGateEvaluator({ bus, port }));
