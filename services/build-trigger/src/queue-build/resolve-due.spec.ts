import { digest } from '../match-rules/merge-identity';
import { parseRules } from '../rules/parse-rules';
import { resolveDue } from './resolve-due';

const org = 'https://dev.azure.com/fabrikam/';
const rules = parseRules(`
rules:
  - name: with-parameters
    when: { event: pullrequest.merged }
    queue:
      - { organization: "${org}", project: Fabrikam, definition: app-ci, parameters: { env: staging } }
  - name: two-stages
    when: { event: pullrequest.merged }
    queue:
      - { organization: "${org}", project: Fabrikam, definition: app-ci, parameters: { env: staging } }
      - { organization: "${org}", project: Fabrikam, definition: app-ci, parameters: { env: prod } }
  - name: plain
    when: { event: pullrequest.merged }
    queue:
      - { organization: "${org}", project: Fabrikam, definition: app-ci }
`);
const placeKey = `${org}|fabrikam|app-ci|`;
const due = (rule: string, targetKey: string, targetIndex = 0) => ({
  rule,
  targetIndex,
  windowStart: '2026-01-01T00:00:00.000Z',
  windowKey: `${digest(rule, targetKey)}:merge:abc`,
  pullRequests: [{ eventId: 'e', organizationUrl: org, project: 'Fabrikam', repository: 'lib', pullRequestId: 1, mergedAt: '2026-01-01T00:00:00.000Z' }],
});

describe('resolveDue: which target a due message is for', () => {
  it('keeps the key of a target without parameters as it was before parameters counted', () => {
    expect(resolveDue(rules, due('plain', placeKey)).build.target.index).toBe(0);
  });

  it('still resolves a message published before parameters counted, when one target of the rule has that place', () => {
    const resolved = resolveDue(rules, due('with-parameters', placeKey));
    expect(resolved.build.parameters).toEqual({ env: 'staging' });
    // The build keeps the tag the message was published with, so a build queued for it is recognised.
    expect(resolved.tag).toMatch(/^switchyard:[0-9a-f]{32}$/);
  });

  it('fills the parameters from the latest merge the message carries, whatever their order in it', () => {
    const stamped = parseRules(`
rules:
  - name: stamped
    when: { event: pullrequest.merged }
    queue: [{ organization: "${org}", project: Fabrikam, definition: app-ci, parameters: { pr: "\${pr.pullRequestId}" } }]
`);
    const merge = (pullRequestId: number, mergedAt: string) => ({ eventId: `e${pullRequestId}`, organizationUrl: org, project: 'Fabrikam', repository: 'lib', pullRequestId, mergedAt });
    const message = (pullRequests: ReturnType<typeof merge>[]) => ({
      ...due('stamped', `${placeKey}|${JSON.stringify([['pr', '${pr.pullRequestId}']])}`),
      pullRequests,
    });
    const early = merge(1, '2026-01-01T00:00:10.000Z');
    const late = merge(2, '2026-01-01T00:00:50.000Z');
    for (const order of [[early, late], [late, early]]) {
      const resolved = resolveDue(stamped, message(order));
      expect([resolved.latest.pullRequestId, resolved.build.parameters]).toEqual([2, { pr: '2' }]);
    }
  });

  it('refuses to guess between targets that differ only in parameters', () => {
    expect(() => resolveDue(rules, due('two-stages', placeKey, 1))).toThrow(/no longer in/);
  });
});
