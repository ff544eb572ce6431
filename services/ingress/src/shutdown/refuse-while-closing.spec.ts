import { shuttingDownProblem } from './refuse-while-closing';

describe('the 503 of a closing replica', () => {
  it('tells a hook sender to send again, and a check caller that nothing will (Azure Pipelines does not retry a check call)', () => {
    const hook = shuttingDownProblem('/hooks/azure-devops?code=x');
    const check = shuttingDownProblem('/checks/require-cmdline');
    expect([hook.status, check.status]).toEqual([503, 503]);
    expect(hook.detail).toContain('Azure DevOps retries a 503');
    expect(check.detail).toContain('re-run the check');
    expect(check.detail).not.toContain('retries a 503');
  });
});
