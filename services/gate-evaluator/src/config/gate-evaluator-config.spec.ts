import { GateConfigError } from '@switchyard/gates';
import { loadGateEvaluatorConfig } from './gate-evaluator-config';

describe('loadGateEvaluatorConfig numbers', () => {
  it('uses the defaults when the variables are unset and reads them when set', () => {
    expect(loadGateEvaluatorConfig({})).toMatchObject({ decisionAttempts: 6, concurrency: 8 });
    expect(loadGateEvaluatorConfig({ GATE_DECISION_ATTEMPTS: '50', GATE_CONCURRENCY: '1' })).toMatchObject({ decisionAttempts: 50, concurrency: 1 });
  });

  it.each([
    [{ GATE_DECISION_ATTEMPTS: '0' }, 'GATE_DECISION_ATTEMPTS: "0" is not a whole number from 1 to 50'],
    [{ GATE_CONCURRENCY: '2.5' }, 'GATE_CONCURRENCY: "2.5" is not a whole number from 1 to 256'],
  ])('stops start-up with a GateConfigError naming the variable for %j', (env, message) => {
    const load = () => loadGateEvaluatorConfig(env);
    expect(load).toThrow(GateConfigError);
    expect(load).toThrow(expect.objectContaining({ code: 'GATES.CONFIG_INVALID', variable: Object.keys(env)[0], message }));
  });
});
