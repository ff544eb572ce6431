/** GateEvaluatorConfig (config/gate-evaluator-config.ts). */
export const GATE_CONFIG = Symbol('GATE_CONFIG');
/** The evaluator's pino Logger (secrets redacted). */
export const GATE_LOGGER = Symbol('GATE_LOGGER');
/** The evaluator's ServiceMetrics. */
export const GATE_METRICS = Symbol('GATE_METRICS');
/** AzureDevOpsClient, or undefined when no policies are configured. */
export const AZURE_DEVOPS_CLIENT = Symbol('AZURE_DEVOPS_CLIENT');
/** `() => Date`: the clock evaluations use (tests move it). */
export const CLOCK = Symbol('CLOCK');
