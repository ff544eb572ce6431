import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GateConfigError, generateTokenKey } from '@switchyard/gates';
import { loadGateEvaluatorConfig } from './gate-evaluator-config';

describe('loadGateEvaluatorConfig numbers', () => {
  it('uses the defaults when the variables are unset and reads them when set', () => {
    expect(loadGateEvaluatorConfig({})).toMatchObject({ decisionAttempts: 6, concurrency: 8, decisionDeadlineMs: 20_000 });
    expect(loadGateEvaluatorConfig({ GATE_DECISION_DEADLINE_MS: '500' })).toMatchObject({ decisionDeadlineMs: 500 });
    expect(loadGateEvaluatorConfig({ GATE_DECISION_ATTEMPTS: '12', GATE_CONCURRENCY: '1' })).toMatchObject({ decisionAttempts: 12, concurrency: 1 });
  });

  it.each([
    [{ GATE_DECISION_ATTEMPTS: '0' }, 'GATE_DECISION_ATTEMPTS: "0" is not a whole number from 1 to 50'],
    [{ GATE_CONCURRENCY: '2.5' }, 'GATE_CONCURRENCY: "2.5" is not a whole number from 1 to 256'],
    // Longer would let a decision be posted after the 60 s message lock expired.
    [{ GATE_DECISION_DEADLINE_MS: '30000' }, 'GATE_DECISION_DEADLINE_MS: "30000" is not a whole number from 1 to 20000'],
  ])('stops start-up with a GateConfigError naming the variable for %j', (env, message) => {
    const load = () => loadGateEvaluatorConfig(env);
    expect(load).toThrow(GateConfigError);
    expect(load).toThrow(expect.objectContaining({ code: 'GATES.CONFIG_INVALID', variable: Object.keys(env)[0], message }));
  });
});

describe('loadGateEvaluatorConfig without policies', () => {
  it('needs no GATE_TOKEN_KEY, but refuses a malformed one (or a malformed previous key beside it) at start-up', () => {
    expect(loadGateEvaluatorConfig({}).tokenKeys).toBeUndefined();
    expect(loadGateEvaluatorConfig({ GATE_TOKEN_KEY: generateTokenKey() }).tokenKeys).toBeUndefined();
    expect(() => loadGateEvaluatorConfig({ GATE_TOKEN_KEY: 'abc' })).toThrow(expect.objectContaining({ variable: 'GATE_TOKEN_KEY', message: expect.stringContaining('32-byte') }));
    expect(() => loadGateEvaluatorConfig({ GATE_TOKEN_KEY: generateTokenKey(), GATE_TOKEN_PREVIOUS_KEYS: 'abc' })).toThrow(
      expect.objectContaining({ variable: 'GATE_TOKEN_PREVIOUS_KEYS' }),
    );
  });
});

describe('loadGateEvaluatorConfig Azure DevOps client', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-config-'));
    writeFileSync(join(dir, 'gates.yaml'), 'policies:\n  manual: { type: build-reason, allowed: [Manual] }\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (extra: Record<string, string>) =>
    loadGateEvaluatorConfig({ GATE_POLICIES_FILE: join(dir, 'gates.yaml'), GATE_TOKEN_KEY: generateTokenKey(), ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/', ...extra });

  it('caps the per-request timeout and retry budget so one evaluation fits in the 60 s message lock', () => {
    expect(load({}).azureDevOps).toMatchObject({ timeoutMs: 5_000, retry: { maxElapsedMs: 5_000 } });
    expect(load({ AZURE_DEVOPS_TIMEOUT_MS: '60000', AZURE_DEVOPS_RETRY_BUDGET_MS: '30000' }).azureDevOps).toMatchObject({ timeoutMs: 5_000, retry: { maxElapsedMs: 5_000 } });
  });

  it('keeps shorter settings as they are', () => {
    expect(load({ AZURE_DEVOPS_TIMEOUT_MS: '1500', AZURE_DEVOPS_RETRY_BUDGET_MS: '2000' }).azureDevOps).toMatchObject({ timeoutMs: 1_500, retry: { maxElapsedMs: 2_000 } });
  });
});

describe('loadGateEvaluatorConfig policies file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gate-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a build-reason header no HTTP client can send, naming the policy and the header', () => {
    writeFileSync(join(dir, 'gates.yaml'), 'policies:\n  manual-only: { type: build-reason, allowed: [Manual], header: "Bad Header" }\n');
    const load = () => loadGateEvaluatorConfig({ GATE_POLICIES_FILE: join(dir, 'gates.yaml'), GATE_TOKEN_KEY: generateTokenKey(), ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/' });
    expect(load).toThrow(expect.objectContaining({ code: 'GATES.CONFIG_INVALID', variable: 'GATE_POLICIES_FILE' }));
    expect(load).toThrow(/line 2: policy "manual-only": header: "Bad Header" is not an HTTP header name/);
  });
});

describe('loadGateEvaluatorConfig warnings about the 48h AuthToken', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const warningsFor = (timeout: string, env: Record<string, string> = {}) => {
    writeFileSync(join(dir, 'gates.yaml'), `policies:\n  stories: { type: work-items-state, state: Closed, every: 5m, timeout: ${timeout} }\n`);
    const config = loadGateEvaluatorConfig({ GATE_POLICIES_FILE: join(dir, 'gates.yaml'), GATE_TOKEN_KEY: generateTokenKey(), ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/', ...env });
    return config.warnings.filter((warning) => warning.includes('48h lifetime'));
  };

  it('warns when the timeout plus the decision retries reach 48h, where the last decision could not be posted', () => {
    expect(warningsFor('47h')).toEqual([]);
    // 6 attempts from 30 s, doubling: the last one 15m30s after the timeout.
    expect(warningsFor('47h50m')).toEqual([expect.stringContaining('policy "stories": timeout 1d23h50m, plus up to 15m30s of decision retries')]);
    expect(warningsFor('48h')).toHaveLength(1);
    expect(warningsFor('47h50m', { GATE_DECISION_ATTEMPTS: '1' })).toEqual([]);
  });

  it('refuses decision retries that alone outlast the 48h AuthToken, naming both variables', () => {
    for (const env of [{ GATE_DECISION_RETRY_DELAY: '99999999w' }, { GATE_DECISION_ATTEMPTS: '50' }] as Record<string, string>[]) {
      expect(() => warningsFor('1h', env)).toThrow(GateConfigError);
      expect(() => warningsFor('1h', env)).toThrow(/GATE_DECISION_RETRY_DELAY .*GATE_DECISION_ATTEMPTS/);
    }
  });
});

describe('config/examples/gate-policies.yaml', () => {
  it('is a configuration the evaluator raises no warning about (the README starts with it)', () => {
    const config = loadGateEvaluatorConfig({
      GATE_POLICIES_FILE: join(__dirname, '../../../../config/examples/gate-policies.yaml'),
      GATE_TOKEN_KEY: generateTokenKey(),
      ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/',
      ALLOWED_METRIC_URLS: 'https://metrics.example/api',
    });
    expect(config.policies.names.length).toBeGreaterThan(0);
    expect(config.warnings).toEqual([]);
  });
});
