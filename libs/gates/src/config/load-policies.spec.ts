import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GateConfigError } from '../errors/gate-config.error';
import { createPolicyRegistry } from '../registry/default-registry';
import { gatePoliciesFromEnv } from './policies-from-env';
import { loadGatePolicies } from './load-policies';

// The example from the issue, verbatim.
const issueExample = `policies:
  require-cmdline:   { type: required-task, taskId: D9BAFED4-0B18-4F58-968D-86655B4D2CE9 }
  stories-done:      { type: work-items-state, stateCategory: Completed, every: 60s, timeout: 7d }
  manual-only:       { type: build-reason, allowed: [Manual], header: BuildReason }
  business-hours:    { type: time-window, timezone: Europe/Berlin, days: [Mon, Tue, Wed, Thu], hours: "09:00-16:00", freeze: ["2026-12-20/2027-01-06"] }
  canary-healthy:    { type: http-metric, url: "https://metrics.example/api/error-rate", jsonPath: "$.value", below: 0.01, consecutive: 3, every: 5m, timeout: 2h }
  coverage-80:       { type: coverage, minimum: 80 }
`;

const load = (text: string) => loadGatePolicies(text, { registry: createPolicyRegistry(), source: 'gates.yaml' });

function problems(text: string): string {
  try {
    load(text);
  } catch (error) {
    expect(error).toBeInstanceOf(GateConfigError);
    expect((error as GateConfigError).variable).toBe('GATE_POLICIES_FILE');
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('loadGatePolicies', () => {
  it('loads the issue example with intervals, timeouts and evaluation caps', () => {
    const policies = load(issueExample);
    expect(policies.names).toEqual(['require-cmdline', 'stories-done', 'manual-only', 'business-hours', 'canary-healthy', 'coverage-80']);
    const storiesDone = policies.get('stories-done')!;
    expect(storiesDone).toMatchObject({ type: 'work-items-state', sync: false, everyMs: 60_000, timeoutMs: 7 * 86_400_000, line: 3 });
    // 7 days at 60 s would be 10,081 evaluations: capped.
    expect(storiesDone.maxEvaluations).toBe(2000);
    expect(policies.get('canary-healthy')).toMatchObject({ everyMs: 300_000, timeoutMs: 7_200_000, maxEvaluations: 25 });
    expect(policies.get('manual-only')).toMatchObject({ sync: true });
    expect(policies.get('manual-only')!.policy.requiredHeaders).toEqual(['BuildReason']);
    expect(policies.get('require-cmdline')!.policy.requiredHeaders).toEqual(['BuildId']);
    expect(policies.get('canary-healthy')!.policy.outboundUrls).toEqual(['https://metrics.example/api/error-rate']);
    expect(policies.get('nope')).toBeUndefined();
  });

  it('reports every problem at once, each with its line', () => {
    const message = problems(`policies:
  a: { type: required-task, taskId: not-a-guid }
  b: { type: no-such-type }
  c:
    type: time-window
    timezone: Mars/Olympus
    hours: "9-5"
  d: { type: coverage, minimum: 80, every: 60 }
  e: { type: build-reason, allowed: [Manual], colour: red }
  f: { type: work-items-state, state: Done, stateCategory: Completed }
  g: { type: http-metric, url: "https://m.example/x", jsonPath: "$..value" }
  h: { type: coverage, minimum: 80, maxEvaluations: 5000 }
`);
    expect(message).toContain('gates.yaml is invalid (GATE_POLICIES_FILE)');
    expect(message).toMatch(/line 2: policy "a": taskId: taskId must be the task GUID/);
    expect(message).toMatch(/line 3: policy "b": unknown type "no-such-type"; known types: required-task, work-items-state, build-reason, time-window, http-metric, coverage/);
    expect(message).toMatch(/line 6: policy "c": timezone: not an IANA time zone/);
    expect(message).toMatch(/line 7: policy "c": hours: "9-5" is not a window: use "HH:MM-HH:MM"/);
    expect(message).toMatch(/line 8: policy "d": every: use a duration with a unit/);
    expect(message).toMatch(/line 9: policy "e": unknown field\(s\) colour for this type/);
    expect(message).toMatch(/line 10: policy "f": give exactly one of state .* or stateCategory/);
    expect(message).toMatch(/line 11: policy "g": jsonPath: use a simple JSONPath/);
    expect(message).toMatch(/line 12: policy "h": maxEvaluations: maxEvaluations is capped at 2000/);
  });

  it('refuses a zero interval or timeout, which would re-evaluate without pause or fail every check at once', () => {
    const message = problems(`policies:
  busy:   { type: coverage, minimum: 80, every: 0s }
  hasty:  { type: coverage, minimum: 80, timeout: 0m }
`);
    expect(message).toMatch(/line 2: policy "busy": every: "0s" is not a duration/);
    expect(message).toMatch(/line 3: policy "hasty": timeout: "0m" is not a duration/);
  });

  it('refuses a time window ending after 24:00 and freeze days the calendar does not have, naming each value', () => {
    const message = problems(`policies:
  late:   { type: time-window, timezone: UTC, hours: "22:00-24:30" }
  frozen: { type: time-window, timezone: UTC, freeze: ["2026-02-30", "2026-12-20/2027-01-06"] }
`);
    expect(message).toMatch(/line 2: policy "late": hours: "22:00-24:30": a window ends at 24:00 at the latest/);
    expect(message).toMatch(/line 3: policy "frozen": freeze.0: "2026-02-30" is not a date: February 2026 has 28 days/);
  });

  it('accepts an empty policies map (the deployment base ships one)', () => {
    expect(load('# none yet\npolicies: {}\n').names).toEqual([]);
  });

  it('names YAML syntax errors with their line', () => {
    expect(problems('policies:\n  a: { type: coverage, minimum: 80\n  b: 1\n')).toMatch(/line \d+: /);
  });

  it('refuses a file without a policies map and names that are not URL-safe', () => {
    expect(problems('rules: []\n')).toMatch(/must have a "policies:" map/);
    expect(problems('policies:\n  "bad name/x": { type: coverage, minimum: 1 }\n')).toMatch(/line 2: policy "bad name\/x": the name must be/);
    // A slash would split the check URL /checks/{name}.
    expect(problems('policies:\n  team/prod: { type: coverage, minimum: 1 }\n')).toMatch(/line 2: policy "team\/prod": the name must be/);
    expect(problems('policies:\n  a: { type: coverage, minimum: 1 }\n  a: { type: coverage, minimum: 2 }\n')).toMatch(/line 3: .*[Uu]nique/);
  });

  it('refuses a build reason that Azure Pipelines never sends, listing the valid ones', () => {
    expect(problems('policies:\n  m: { type: build-reason, allowed: [Manuel] }\n')).toMatch(/"Manuel" is not a Build.Reason; use one of Manual, IndividualCI/);
  });
});

describe('gatePoliciesFromEnv', () => {
  it('reads GATE_POLICIES_FILE, tolerating a BOM', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gates-')), 'gates.yaml');
    writeFileSync(file, '\uFEFF' + issueExample);
    expect(gatePoliciesFromEnv({ GATE_POLICIES_FILE: file }, createPolicyRegistry()).names).toHaveLength(6);
  });

  it('means no policies when unset, and names the variable when the file is missing', () => {
    expect(gatePoliciesFromEnv({}, createPolicyRegistry()).names).toEqual([]);
    expect(() => gatePoliciesFromEnv({ GATE_POLICIES_FILE: '/nonexistent/gates.yaml' }, createPolicyRegistry())).toThrow(
      /GATE_POLICIES_FILE=\/nonexistent\/gates.yaml cannot be read: ENOENT/,
    );
  });
});
