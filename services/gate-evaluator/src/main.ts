import { portFromEnv, runServiceMain } from '@switchyard/service-host';
import { startGateEvaluator } from './start-gate-evaluator';

// Runs the gate evaluator alone: bus from BUS / SERVICEBUS_*, /healthz /readyz /metrics on PORT (default 8080).
void runServiceMain('gate-evaluator', (bus) => startGateEvaluator({ bus, port: portFromEnv(process.env) }));
