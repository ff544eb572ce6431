import { normalizeServiceHook } from '@switchyard/contracts';
import { listFixtures, readFixtureJson } from '@switchyard/testing';
import { parseRules } from '../rules/parse-rules';
import { matchRules } from './match-rules';
import { pullRequestTriggerOf } from './pull-request-trigger';

const rules = parseRules(`
rules:
  - name: on-merge
    when: { event: pullrequest.merged, repository: "^Fabri", targetBranch: master, status: completed, project: fabrikam }
    queue:
      - project: App
        definition: app-ci
        parameters: { libCommit: "\${pr.lastMergeCommit}", from: "\${pr.repository}!\${pr.pullRequestId}" }
  - name: on-completed-update
    when: { event: pullrequest.updated, status: completed }
    queue: [{ organization: "https://tfs.contoso.local/tfs/Main", project: App, definition: 7 }]
  - name: release-branches
    when: { event: pullrequest.merged, targetBranch: "release/*" }
    queue: [{ project: App, definition: rel }]
  - name: other-repos
    when: { event: pullrequest.merged, repository: "^lib-" }
    queue: [{ project: App, definition: lib }]
`);

function matchFixture(path: string, change: (payload: Record<string, any>) => void = () => undefined) {
  const payload = readFixtureJson<Record<string, any>>(path);
  change(payload);
  const trigger = pullRequestTriggerOf(normalizeServiceHook(payload));
  return trigger ? matchRules(rules, trigger) : undefined;
}

const matchedRules = (path: string, change?: (payload: Record<string, any>) => void) =>
  matchFixture(path, change)?.evaluations.filter((e) => e.matched).map((e) => e.rule.name) ?? [];

describe('matchRules on the shared pull-request fixtures', () => {
  const fixtures = listFixtures('hooks').filter((path) => /pullrequest|PullRequest/.test(path));

  it('finds every PR fixture', () => {
    expect(fixtures).toHaveLength(7);
  });

  it.each(fixtures.filter((path) => /merged|Merged/.test(path)))('%s triggers only the merge rule', (path) => {
    expect(matchedRules(path)).toEqual(['on-merge']);
  });

  it.each(fixtures.filter((path) => path.includes('updated')))('%s (status completed) triggers the update rule', (path) => {
    expect(matchedRules(path)).toEqual(['on-completed-update']);
  });

  it.each(fixtures.filter((path) => path.includes('created')))('%s triggers nothing (no rule reacts to created)', (path) => {
    expect(matchedRules(path)).toEqual([]);
  });

  // Rule values are restricted to what Azure DevOps sends; the real payloads must stay writable as rules.
  it.each(fixtures)('%s matches a rule naming its own status and mergeStatus, in upper case', (path) => {
    const payload = readFixtureJson<{ resource: { status: string; mergeStatus: string } }>(path);
    const trigger = pullRequestTriggerOf(normalizeServiceHook(payload))!;
    const own = parseRules(`rules:
  - name: own-values
    when: { event: ${trigger.name}, status: ${payload.resource.status.toUpperCase()}, mergeStatus: ${payload.resource.mergeStatus.toUpperCase()} }
    queue: [{ project: App, definition: app-ci }]
`);
    expect(matchRules(own, trigger).evaluations[0]!.matched).toBe(true);
  });

  it('resolves the target: event organization by default, parameters from the event', () => {
    const result = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json')!;
    expect(result.builds).toEqual([
      expect.objectContaining({
        ruleName: 'on-merge',
        organizationUrl: 'https://dev.azure.com/fabrikam/',
        project: 'App',
        definition: 'app-ci',
        parameters: { libCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72', from: 'Fabrikam!1' },
        tokenVariable: 'AZURE_DEVOPS_TOKEN',
      }),
    ]);
    expect(result.builds[0]!.problem).toBeUndefined();
  });

  // Older organizations' hooks still use {org}.visualstudio.com; a rules file written with
  // dev.azure.com (or the other way round) names the same organization.
  it.each([
    ['hooks/aspnet-webhooks-vsts/git.pullrequest.merged.json', 'https://dev.azure.com/Fabrikam'],
    ['hooks/go-playground-webhooks/git.pullrequest.merged.json', 'https://FABRIKAM.visualstudio.com/'],
  ])('%s takes the token the organizations: entry %s names, whichever host form each uses', (path, listed) => {
    const own = parseRules(`organizations:
  "${listed}": { tokenVariable: FABRIKAM_PAT }
rules:
  - name: any-merge
    when: { event: pullrequest.merged, status: active, mergeStatus: succeeded }
    queue: [{ project: App, definition: 1 }]
`);
    const payload = readFixtureJson<Record<string, any>>(path);
    payload['resource'].status = 'active';
    const builds = matchRules(own, pullRequestTriggerOf(normalizeServiceHook(payload))!).builds;
    expect(builds.map((build) => build.tokenVariable)).toEqual(['FABRIKAM_PAT']);
  });

  it('gives a TFS collection\'s PRs that collection\'s token in a mixed cloud and TFS setup, not the default one', () => {
    const mixed = parseRules(`organizations:
  https://dev.azure.com/fabrikam: { tokenVariable: FABRIKAM_PAT }
  http://TFS.corp:8080/tfs/DefaultCollection: { tokenVariable: TFS_PAT }
rules:
  - name: any-merge
    when: { event: pullrequest.merged, status: active, mergeStatus: succeeded }
    queue: [{ project: App, definition: 1 }]
`);
    const payload = readFixtureJson<Record<string, any>>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    payload['resource'].status = 'active';
    // Only the server's URL as a baseUrl: the collection comes from the resource's own links.
    payload['resourceContainers'] = { account: { baseUrl: 'http://tfs.corp:8080/tfs/' } };
    const collectionLink = 'http://tfs.corp:8080/tfs/DefaultCollection/_apis/git/repositories/4bc14d40-c903-45e2-872e-0462c7748079';
    payload['resource'].url = `${collectionLink}/pullRequests/1`;
    payload['resource'].repository.url = collectionLink;
    const [build] = matchRules(mixed, pullRequestTriggerOf(normalizeServiceHook(payload))!).builds;
    expect([build!.organizationUrl, build!.tokenVariable]).toEqual(['http://tfs.corp:8080/tfs/DefaultCollection/', 'TFS_PAT']);
  });

  it('keeps an explicit on-prem organization', () => {
    const result = matchFixture('hooks/aspnet-webhooks-vsts/git.pullrequest.updated.json')!;
    expect(result.builds[0]!.organizationUrl).toBe('https://tfs.contoso.local/tfs/Main/');
  });

  it('says which condition failed and what the event had', () => {
    const result = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => {
      p['resource'].targetRefName = 'refs/heads/develop';
      p['resource'].repository.project.name = 'Other';
    })!;
    const onMerge = result.evaluations.find((e) => e.rule.name === 'on-merge')!;
    expect(onMerge.matched).toBe(false);
    expect(onMerge.conditions.filter((c) => !c.ok)).toEqual([
      { condition: 'targetBranch', expected: 'refs/heads/master', actual: 'refs/heads/develop', ok: false },
      { condition: 'project', expected: 'fabrikam', actual: 'Other', ok: false },
    ]);
  });

  it('matches release branches by glob and other repositories by regex', () => {
    const path = 'hooks/go-playground-webhooks/git.pullrequest.merged.json';
    expect(matchedRules(path, (p) => (p['resource'].targetRefName = 'refs/heads/release/2.1'))).toEqual(['release-branches']);
    expect(matchedRules(path, (p) => (p['resource'].repository.name = 'lib-core'))).toEqual(['other-repos']);
  });

  it('matches the repository regex case-sensitively, as written: ^lib- takes lib-core, not Lib-core', () => {
    const path = 'hooks/go-playground-webhooks/git.pullrequest.merged.json';
    expect(matchedRules(path, (p) => (p['resource'].repository.name = 'lib-core'))).toEqual(['other-repos']);
    expect(matchedRules(path, (p) => (p['resource'].repository.name = 'Lib-core'))).toEqual([]);
  });

  it('never matches a targetBranch rule when the event names no target branch', () => {
    const result = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => delete p['resource'].targetRefName)!;
    expect(result.evaluations.filter((e) => e.matched)).toEqual([]);
    expect(result.evaluations[0]!.conditions.find((c) => c.condition === 'targetBranch')).toEqual({
      condition: 'targetBranch',
      expected: 'refs/heads/master',
      actual: undefined,
      ok: false,
    });
  });

  it('matches when.project by the project id as well as by its name', () => {
    const byId = parseRules(`rules:
  - name: by-id
    when: { event: pullrequest.merged, project: 6CE954B1-CE1F-45D1-B94D-E6BF2464BA2C }
    queue: [{ project: App, definition: 1 }]
`);
    const trigger = (projectId: string) => {
      const payload = readFixtureJson<Record<string, any>>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
      payload['resource'].repository.project.id = projectId;
      return pullRequestTriggerOf(normalizeServiceHook(payload))!;
    };
    expect(matchRules(byId, trigger('6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c')).builds.map((build) => build.ruleName)).toEqual(['by-id']);
    expect(matchRules(byId, trigger('00000000-0000-0000-0000-000000000000')).builds).toEqual([]);
  });

  it("gives a target's own tokenVariable precedence over its organization's organizations: entry", () => {
    const own = parseRules(`organizations:
  https://dev.azure.com/fabrikam: { tokenVariable: FABRIKAM_PAT }
rules:
  - name: any-merge
    when: { event: pullrequest.merged }
    queue:
      - { project: App, definition: 1, tokenVariable: APP_ONLY_PAT }
      - { project: App, definition: 2 }
`);
    const payload = readFixtureJson<Record<string, any>>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    const builds = matchRules(own, pullRequestTriggerOf(normalizeServiceHook(payload))!).builds;
    expect(builds.map((build) => build.tokenVariable)).toEqual(['APP_ONLY_PAT', 'FABRIKAM_PAT']);
  });

  it('never triggers on a merge attempt that failed (conflicts)', () => {
    expect(matchedRules('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => (p['resource'].mergeStatus = 'conflicts'))).toEqual([]);
  });

  it('flags a target whose parameters need a value the event lacks', () => {
    const result = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => delete p['resource'].lastMergeCommit)!;
    expect(result.builds[0]!.problem).toContain('libCommit needs ${pr.lastMergeCommit}');
  });

  it('gives the same merge the same identity across both fixture eras and a different one to another PR', () => {
    const a = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json')!.builds[0]!;
    const b = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => (p['id'] = 'another-delivery'))!.builds[0]!;
    const c = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => (p['resource'].pullRequestId = 2))!.builds[0]!;
    expect(b.mergeKey).toBe(a.mergeKey);
    expect(c.mergeKey).not.toBe(a.mergeKey);
  });

  it('keeps the identity a merge with a merge commit always had, so builds tagged before an upgrade are still found', () => {
    const build = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json')!.builds[0]!;
    expect(build.mergeKey).toBe('https://dev.azure.com/fabrikam/|4bc14d40-c903-45e2-872e-0462c7748079|1|eef717f69257a6333f221566c1c987dc94cc0d72');
  });

  describe('a merge attempt without a merge commit (in progress, or failed with conflicts)', () => {
    const onConflicts = parseRules(`rules:
  - name: tell-on-conflict
    when: { event: pullrequest.merged, mergeStatus: conflicts }
    queue: [{ project: App, definition: notify }]
`);
    const attempt = (change: (resource: Record<string, any>) => void, id = 'attempt-1') => {
      const payload = readFixtureJson<Record<string, any>>('hooks/go-playground-webhooks/git.pullrequest.merged.json');
      Object.assign(payload, { id });
      Object.assign(payload['resource'], { status: 'active', mergeStatus: 'conflicts', closedDate: undefined, pullRequestId: 5 });
      delete payload['resource'].lastMergeCommit;
      change(payload['resource']);
      return matchRules(onConflicts, pullRequestTriggerOf(normalizeServiceHook(payload))!).builds[0]!.mergeKey;
    };
    const source = (commitId: string) => (resource: Record<string, any>) => (resource['lastMergeSourceCommit'] = { commitId });

    it('is another merge after a new push to the source branch, and the same one in another notification', () => {
      expect(attempt(source('aaa111'))).not.toBe(attempt(source('bbb222')));
      expect(attempt(source('aaa111'), 'attempt-1')).toBe(attempt(source('aaa111'), 'attempt-2'));
    });

    it('is another merge after the target branch moved', () => {
      const target = (commitId: string) => (resource: Record<string, any>) => (resource['lastMergeTargetCommit'] = { commitId });
      expect(attempt(target('ccc333'))).not.toBe(attempt(target('ddd444')));
    });

    it('falls back to the notification when no commit is known: a redelivery is the same merge, another notification is not', () => {
      const noCommits = (resource: Record<string, any>) => {
        delete resource['lastMergeSourceCommit'];
        delete resource['lastMergeTargetCommit'];
      };
      expect(attempt(noCommits, 'n-1')).toBe(attempt(noCommits, 'n-1'));
      expect(attempt(noCommits, 'n-1')).not.toBe(attempt(noCommits, 'n-2'));
    });
  });

  it('gives a merge the same identity whichever cloud host form its URLs use', () => {
    const a = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json')!.builds[0]!;
    const legacy = matchFixture('hooks/go-playground-webhooks/git.pullrequest.merged.json', (p) => {
      const rewritten = JSON.parse(JSON.stringify(p).replaceAll('https://dev.azure.com/fabrikam', 'https://fabrikam.visualstudio.com')) as Record<string, unknown>;
      Object.assign(p, rewritten);
    })!.builds[0]!;
    expect(legacy.organizationUrl).toBe('https://fabrikam.visualstudio.com/');
    expect(legacy.mergeKey).toBe(a.mergeKey);
  });
});

describe('a rule that names the organizations its pull requests come from (when.organization)', () => {
  const fabrikamOnly = parseRules(`rules:
  - name: fabrikam-merges
    when: { event: pullrequest.merged, organization: https://dev.azure.com/Fabrikam }
    queue: [{ organization: https://dev.azure.com/fabrikam, project: App, definition: app-ci, parameters: { libCommit: "\${pr.lastMergeCommit}" } }]
  - name: contoso-or-tfs-merges
    when: { event: pullrequest.merged, organization: [https://dev.azure.com/contoso, "https://tfs.contoso.local/tfs/Main"] }
    queue: [{ organization: https://dev.azure.com/fabrikam, project: App, definition: ops }]
`);

  function evaluate(path: string, change: (payload: Record<string, any>) => void = () => undefined) {
    const payload = readFixtureJson<Record<string, any>>(path);
    change(payload);
    const trigger = pullRequestTriggerOf(normalizeServiceHook(payload))!;
    return { trigger, result: matchRules(fabrikamOnly, trigger) };
  }
  const from = (baseUrl: string) => (payload: Record<string, any>) => (payload['resourceContainers'] = { collection: { baseUrl } });
  const matched = (result: ReturnType<typeof matchRules>) => result.evaluations.filter((e) => e.matched).map((e) => e.rule.name);

  it('does not fire for the same PR from another organization, so its values never reach the named one', () => {
    const { trigger, result } = evaluate('hooks/go-playground-webhooks/git.pullrequest.merged.json', from('https://dev.azure.com/contoso/'));
    expect(trigger.pullRequest.organizationUrl).toBe('https://dev.azure.com/contoso/');
    expect(matched(result)).toEqual(['contoso-or-tfs-merges']);
    expect(result.builds.map((build) => build.ruleName)).toEqual(['contoso-or-tfs-merges']);
    expect(result.evaluations[0]!.conditions.find((c) => c.condition === 'organization')).toEqual({
      condition: 'organization',
      expected: 'https://dev.azure.com/Fabrikam/',
      actual: 'https://dev.azure.com/contoso/',
      ok: false,
    });
  });

  it.each([
    ['hooks/go-playground-webhooks/git.pullrequest.merged.json', 'https://dev.azure.com/fabrikam/'],
    ['hooks/aspnet-webhooks-vsts/git.pullrequest.merged.json', 'https://fabrikam.visualstudio.com/'],
    ['hooks/jenkinsci-tfs-plugin/GitPullRequestMergedEvent.json', 'https://fabrikam.visualstudio.com/'],
  ])('%s (from %s) matches, whichever host form names fabrikam', (path, organizationUrl) => {
    const { trigger, result } = evaluate(path);
    expect(trigger.pullRequest.organizationUrl).toBe(organizationUrl);
    expect(matched(result)).toEqual(['fabrikam-merges']);
  });

  it('matches any organization of a list, on-prem collections by URL in any case', () => {
    expect(matched(evaluate('hooks/go-playground-webhooks/git.pullrequest.merged.json', from('https://TFS.contoso.local/tfs/main/')).result)).toEqual([
      'contoso-or-tfs-merges',
    ]);
    const other = evaluate('hooks/go-playground-webhooks/git.pullrequest.merged.json', from('https://tfs.contoso.local/tfs/Other/')).result;
    expect(matched(other)).toEqual([]);
    expect(other.evaluations[1]!.conditions.find((c) => c.condition === 'organization')).toMatchObject({
      expected: 'one of https://dev.azure.com/contoso/, https://tfs.contoso.local/tfs/Main/',
      ok: false,
    });
  });

  it('never matches an event that does not say which organization it came from', () => {
    const { trigger, result } = evaluate('hooks/go-playground-webhooks/git.pullrequest.merged.json', (payload) => {
      for (const path of [['message'], ['detailedMessage'], ['resource', 'url'], ['resource', 'repository', 'url'], ['resource', 'repository', 'remoteUrl']]) {
        const parent = path.slice(0, -1).reduce((object, key) => object[key], payload);
        delete parent[path.at(-1)!];
      }
    });
    expect(trigger.pullRequest.organizationUrl).toBeUndefined();
    expect(result.builds).toEqual([]);
    expect(result.evaluations.map((e) => e.conditions.find((c) => c.condition === 'organization'))).toEqual([
      { condition: 'organization', expected: 'https://dev.azure.com/Fabrikam/', actual: undefined, ok: false },
      expect.objectContaining({ actual: undefined, ok: false }),
    ]);
  });
});
