export { startGateEvaluator, type StartGateEvaluatorOptions, type RunningGateEvaluator } from './start-gate-evaluator';
export { loadGateEvaluatorConfig, type GateEvaluatorConfig } from './config/gate-evaluator-config';
