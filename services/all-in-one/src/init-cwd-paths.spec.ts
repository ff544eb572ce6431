import { join } from 'node:path';
import { resolveFromInitCwd } from './init-cwd-paths';

describe('resolveFromInitCwd', () => {
  const repo = '/home/dev/switchyard';

  it('resolves relative path settings against the folder npm start was typed in', () => {
    const env: Record<string, string | undefined> = {
      INIT_CWD: join(repo, 'docs'),
      GATE_POLICIES_FILE: '../config/examples/gate-policies.yaml',
      TRIGGER_RULES_FILE: 'rules.yaml',
      SWITCHYARD_DATA_DIR: ' data ',
    };
    resolveFromInitCwd(env);
    expect(env).toMatchObject({
      GATE_POLICIES_FILE: join(repo, 'config/examples/gate-policies.yaml'),
      TRIGGER_RULES_FILE: join(repo, 'docs/rules.yaml'),
      SWITCHYARD_DATA_DIR: join(repo, 'docs/data'),
    });
  });

  it('leaves absolute paths, unset and blank settings, and every path when not run by npm', () => {
    const env: Record<string, string | undefined> = { INIT_CWD: join(repo, 'docs'), GATE_POLICIES_FILE: '/etc/policies.yaml', SWITCHYARD_DATA_DIR: '' };
    resolveFromInitCwd(env);
    expect(env).toEqual({ INIT_CWD: join(repo, 'docs'), GATE_POLICIES_FILE: '/etc/policies.yaml', SWITCHYARD_DATA_DIR: '' });
    const direct: Record<string, string | undefined> = { TRIGGER_RULES_FILE: 'rules.yaml' };
    resolveFromInitCwd(direct);
    expect(direct).toEqual({ TRIGGER_RULES_FILE: 'rules.yaml' });
  });
});
