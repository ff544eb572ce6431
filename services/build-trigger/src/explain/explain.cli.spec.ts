import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeServiceHook } from '@switchyard/contracts';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { fixturePath, readFixtureJson, runEntryPoint } from '@switchyard/testing';
import { runExplain } from './explain.cli';

const rules = `rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged, repository: "^Fabrikam$", targetBranch: master }
    queue:
      - { project: App, definition: app-ci, parameters: { libCommit: "\${pr.lastMergeCommit}" } }
      - { organization: "https://dev.azure.com/elsewhere", project: Ops, definition: 3, coalesceSeconds: 60 }
  - name: release-branches
    when: { event: pullrequest.merged, targetBranch: "release/*" }
    queue: [{ project: App, definition: rel-ci }]
`;

describe('explain CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-trigger-explain-'));
  const rulesFile = join(dir, 'rules.yaml');
  writeFileSync(rulesFile, rules);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function explain(args: string[], env: Record<string, string | undefined> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = runExplain(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints each rule, each condition and what would be queued, without queueing (a real run)', async () => {
    const server = await AzureDevOpsTestServer.start();
    try {
      const run = runEntryPoint('services/build-trigger/src/explain/explain.cli.ts', [fixturePath('hooks/go-playground-webhooks/git.pullrequest.merged.json')], {
        TRIGGER_RULES_FILE: rulesFile,
        ALLOWED_ORG_URLS: `https://dev.azure.com/fabrikam/,${server.orgUrl('fabrikam')}`,
      });
      expect(await run.exited).toEqual({ code: 0, signal: null });
      const output = run.output();
      expect(output).toContain('Rule "app-on-lib-merge" (line 2): MATCHES');
      expect(output).toContain('ok   repository: expected /^Fabrikam$/, event has "Fabrikam"');
      expect(output).toContain('-> target 1 (line 5): would queue at once');
      expect(output).toContain('parameters libCommit="eef717f69257a6333f221566c1c987dc94cc0d72"');
      expect(output).toContain('-> target 2 (line 6): REFUSED: https://dev.azure.com/elsewhere/ is not in ALLOWED_ORG_URLS; the service does not start while a rule names it');
      expect(output).toContain('Rule "release-branches" (line 7): does not match');
      expect(output).toContain('FAIL targetBranch: expected refs/heads/release/*, event has "refs/heads/master"');
      expect(output).toContain('1 build(s) would be queued. Nothing was queued');
      expect(server.calls).toHaveLength(0);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('shows the organization condition: expected organizations and the one the event came from', () => {
    const orgRules = join(dir, 'organization-rules.yaml');
    writeFileSync(
      orgRules,
      `rules:
  - name: fabrikam-merges
    when: { event: pullrequest.merged, organization: https://dev.azure.com/fabrikam }
    queue: [{ organization: https://dev.azure.com/fabrikam, project: App, definition: app-ci }]
  - name: partner-merges
    when: { event: pullrequest.merged, organization: [https://dev.azure.com/contoso, https://tfs.contoso.local/tfs/Main] }
    queue: [{ organization: https://dev.azure.com/fabrikam, project: App, definition: partner-ci }]
`,
    );
    const legacyHost = explain([fixturePath('hooks/aspnet-webhooks-vsts/git.pullrequest.merged.json'), '--rules', orgRules]);
    expect(legacyHost.code).toBe(0);
    expect(legacyHost.out).toContain('Rule "fabrikam-merges" (line 2): MATCHES\n  ok   event: expected pullrequest.merged, event has "pullrequest.merged"\n' +
      '  ok   status: expected completed, event has "completed"\n  ok   mergeStatus: expected succeeded, event has "succeeded"\n' +
      '  ok   organization: expected https://dev.azure.com/fabrikam/, event has "https://fabrikam.visualstudio.com/"');
    expect(legacyHost.out).toContain(
      'FAIL organization: expected one of https://dev.azure.com/contoso/, https://tfs.contoso.local/tfs/Main/, event has "https://fabrikam.visualstudio.com/"',
    );
    expect(legacyHost.out).toContain('1 build(s) would be queued.');

    const contoso = join(dir, 'contoso-merged.json');
    const merged = readFixtureJson<Record<string, unknown>>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    writeFileSync(contoso, JSON.stringify({ ...merged, resourceContainers: { collection: { baseUrl: 'https://dev.azure.com/contoso/' } } }));
    const fromContoso = explain([contoso, '--rules', orgRules, '--json']);
    expect(fromContoso.code).toBe(0);
    const explanation = JSON.parse(fromContoso.out);
    expect(explanation.rules.map((rule: { name: string; matched: boolean; conditions: { condition: string }[] }) => [rule.name, rule.matched, rule.conditions.at(-1)])).toEqual([
      ['fabrikam-merges', false, { condition: 'organization', expected: 'https://dev.azure.com/fabrikam/', actual: 'https://dev.azure.com/contoso/', ok: false }],
      ['partner-merges', true, { condition: 'organization', expected: 'one of https://dev.azure.com/contoso/, https://tfs.contoso.local/tfs/Main/', actual: 'https://dev.azure.com/contoso/', ok: true }],
    ]);
  });

  it('explains a non-PR event and JSON output', () => {
    const { code, out } = explain([fixturePath('hooks/go-playground-webhooks/build.complete.json'), '--rules', rulesFile, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    expect(parsed.notApplicable).toContain('is not a pull-request event');
    expect(parsed.rules.every((rule: { matched: boolean }) => !rule.matched)).toBe(true);
  });

  it('accepts an event envelope as published on the bus', () => {
    const envelope = join(dir, 'envelope.json');
    writeFileSync(envelope, JSON.stringify(normalizeServiceHook(readFixtureJson('hooks/jenkinsci-tfs-plugin/GitPullRequestMergedEvent.json'))));
    const { code, out } = explain([envelope, '--rules', rulesFile]);
    expect(code).toBe(0);
    expect(out).toContain('Rule "app-on-lib-merge" (line 2): MATCHES');
    expect(out).toContain('of https://fabrikam.visualstudio.com/');
  });

  it('says what is wrong with an event envelope the service would not take, instead of a schema dump', () => {
    const merged = normalizeServiceHook(readFixtureJson('hooks/jenkinsci-tfs-plugin/GitPullRequestMergedEvent.json'));
    const broken = join(dir, 'broken-envelope.json');
    writeFileSync(broken, JSON.stringify({ ...merged, source: undefined, data: { ...(merged.data as object), pullRequestId: 'one' } }));
    const invalid = explain([broken, '--rules', rulesFile]);
    expect(invalid.code).toBe(2);
    expect(invalid.err.split('\n')).toEqual([
      'Not a valid azure-devops.git.pull-request-merged.v1 event envelope; fix these fields:',
      expect.stringMatching(/^ {2}source: .*expected string/),
      expect.stringMatching(/^ {2}data\.pullRequestId: .*expected number/),
    ]);

    const unknownType = join(dir, 'unknown-type.json');
    writeFileSync(unknownType, JSON.stringify({ ...merged, type: 'azure-devops.git.pull-request-merge.v1' }));
    const unknown = explain([unknownType, '--rules', rulesFile]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Not an event envelope explain can read: "azure-devops.git.pull-request-merge.v1" is not a switchyard event type.');
    expect(unknown.err).toContain('azure-devops.git.pull-request-merged.v1');
    expect(unknown.err).not.toContain('eventType is missing');
  });

  it('shows the coalescing window and the problem of a target it cannot fill', () => {
    const payload = join(dir, 'no-commit.json');
    const merged = readFixtureJson<{ resource: Record<string, unknown> }>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    delete merged.resource['lastMergeCommit'];
    writeFileSync(payload, JSON.stringify(merged));
    const { code, out } = explain([payload, '--rules', rulesFile]);
    expect(code).toBe(0);
    expect(out).toContain('NOT QUEUEABLE: the event lacks values for template parameters (libCommit needs ${pr.lastMergeCommit})');
    expect(out).toMatch(/target 2 \(line 6\): would queue once per 60s window from 2014-06-30T18:59:00.000Z/);
  });

  it('exits 2 with what is wrong for bad usage, a bad rules file and a payload that is not a hook', () => {
    const none = explain([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('Exit codes: 0 explained, 2 bad usage or unreadable input (rules file or payload).');
    expect(explain(['x.json']).err).toContain('No rules file: pass --rules or set TRIGGER_RULES_FILE');
    const badRules = join(dir, 'bad.yaml');
    writeFileSync(badRules, 'rules:\n  - name: a\n');
    const bad = explain([fixturePath('hooks/go-playground-webhooks/git.pullrequest.merged.json'), '--rules', badRules]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`Invalid build-trigger rules file ${badRules} (--rules):\n  ${badRules}:2:`);
    const fromEnv = explain([fixturePath('hooks/go-playground-webhooks/git.pullrequest.merged.json')], { TRIGGER_RULES_FILE: badRules });
    expect(fromEnv.err).toContain(`Invalid build-trigger rules file ${badRules} (TRIGGER_RULES_FILE):`);
    const notHook = join(dir, 'not-hook.json');
    writeFileSync(notHook, '{"hello":"world"}');
    const invalid = explain([notHook], { TRIGGER_RULES_FILE: rulesFile });
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/eventType/);
    // A pull-request hook without what the event needs: each field once, on its own line.
    const noPr = join(dir, 'no-pr.json');
    writeFileSync(noPr, '{"id":"x","eventType":"git.pullrequest.merged","resource":{}}');
    const lacking = explain([noPr], { TRIGGER_RULES_FILE: rulesFile });
    expect(lacking.code).toBe(2);
    expect(lacking.err.trimEnd().split('\n')).toEqual([
      'Not a valid Azure DevOps service-hook notification; fix these fields:',
      expect.stringMatching(/^ {2}resource\.pullRequestId: /),
      expect.stringMatching(/^ {2}resource\.repository\.name: /),
    ]);
  });

  it('names an unknown option and lists the accepted ones', () => {
    const payload = fixturePath('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    for (const option of ['--rule', '--jsn']) {
      const run = explain([payload, option, rulesFile], { TRIGGER_RULES_FILE: rulesFile });
      expect(run.code).toBe(2);
      expect(run.err).toContain(`Unknown option ${option}; accepted: --rules <rules.yaml>, --json, --help`);
      expect(run.err).not.toContain('Give exactly one payload file');
    }
    const noPath = explain([payload, '--rules'], { TRIGGER_RULES_FILE: rulesFile });
    expect(noPath.code).toBe(2);
    expect(noPath.err).toContain('--rules needs the path of a rules file.');
  });

  it('names the payload file that is missing or not JSON', () => {
    const missing = join(dir, 'nonexistent.json');
    const notFound = explain([missing, '--rules', rulesFile]);
    expect(notFound.code).toBe(2);
    expect(notFound.err).toBe(`Payload file not found: ${missing}`);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{oops}');
    const notJson = explain([broken, '--rules', rulesFile]);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain(`Payload file ${broken} is not valid JSON: `);
    expect(notJson.err).toContain('position 1');
  });
});
