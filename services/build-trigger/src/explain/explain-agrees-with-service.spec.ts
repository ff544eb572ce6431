import { sleep, TriggerHarness } from '../../test/trigger-harness';
import { parseRules } from '../rules/parse-rules';
import { explainPayload } from './explain-payload';
import { formatExplanation } from './format-explanation';

// Target 2 is target 1 written with the organization and another case of the project: the same slot.
// Target 3 differs in its parameters, so it is a build of its own.
const rules = `
rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged, repository: "^Fabrikam$" }
    queue:
      - { project: Fabrikam, definition: app-ci }
      - { organization: "{org}", project: fabrikam, definition: app-ci }
      - { project: Fabrikam, definition: app-ci, parameters: { pr: "\${pr.pullRequestId}" } }
  - name: release-branches
    when: { event: pullrequest.merged, targetBranch: "refs/heads/release/*" }
    queue: [{ project: Fabrikam, definition: app-ci }]
`;

describe('explain against the service, same rules and event', () => {
  let harness: TriggerHarness;
  afterEach(async () => harness?.close());

  it('announces exactly the builds the service queues, with the tags it puts on them', async () => {
    harness = await TriggerHarness.start({ rules });
    const event = harness.hookEvent();
    const explanation = explainPayload(event, parseRules(rules.replaceAll('{org}', harness.orgUrl)));

    await harness.publish(event);
    await harness.outcomes.waitFor(2);
    await sleep(300); // room for a build too many
    const queuedTags = harness.builds().map((build) => build.tags.find((tag) => /^switchyard:[0-9a-f]{32}$/.test(tag)));

    expect(formatExplanation(explanation)).toContain(`\n${queuedTags.length} build(s) would be queued.`);
    expect(formatExplanation(explanation)).toContain('-> target 2 (line 7): same build as target 1 (same slot, same tag): queued once');
    const announced = explanation.rules.flatMap((rule) => rule.builds.filter((b) => b.sameBuildAs === undefined).map((b) => b.idempotencyTag));
    expect(announced.sort()).toEqual([...queuedTags].sort());
    expect(queuedTags).toHaveLength(2);
  });

  it('fills ${pr.mergedAt} of a PR without closedDate from the hook\'s createdDate, as explain says, at once and a window later', async () => {
    const openRules = `
rules:
  - name: on-open
    when: { event: pullrequest.created }
    queue:
      - { project: Fabrikam, definition: app-ci, parameters: { mergedAt: "\${pr.mergedAt}" } }
      - { project: Fabrikam, definition: app-ci, coalesceSeconds: 60, parameters: { windowed: "\${pr.mergedAt}" } }
`;
    harness = await TriggerHarness.start({ rules: openRules });
    // An open PR: no closedDate. The hook's createdDate is 2016-09-19T13:03:27.2879096Z.
    const event = harness.hookEvent('hooks/go-playground-webhooks/git.pullrequest.created.json');
    expect(event.data).not.toHaveProperty('closedDate');
    const explanation = explainPayload(event, parseRules(openRules));

    await harness.publish(event);
    await harness.outcomes.waitFor(2);
    const expected = [{ mergedAt: '2016-09-19T13:03:27.287Z' }, { windowed: '2016-09-19T13:03:27.287Z' }];
    expect(explanation.rules[0]!.builds.map((build) => [build.problem, build.parameters])).toEqual(expected.map((parameters) => [undefined, parameters]));
    expect(harness.builds().map((build) => build.templateParameters)).toEqual(expect.arrayContaining(expected));
    expect(harness.builds()).toHaveLength(2);
  });
});
