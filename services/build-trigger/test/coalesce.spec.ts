import { BuildQueued } from '@switchyard/contracts';
import { waitFor } from '@switchyard/messaging/testing';
import { mergedFixture, sleep, TriggerHarness } from './trigger-harness';

const rules = `
rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged }
    queue:
      - project: Fabrikam
        definition: app-ci
        coalesceSeconds: 1
        parameters: { libCommit: "\${pr.lastMergeCommit}" }
`;

describe('coalescing merges into one build per window', () => {
  let harness: TriggerHarness;
  afterEach(async () => harness?.close());

  const merge = (pullRequestId: number, commit: string, closedAt: number, deliveryId = `pr-${pullRequestId}`) =>
    harness.hookEvent(mergedFixture, (p) => {
      p['id'] = deliveryId;
      p['resource'].pullRequestId = pullRequestId;
      p['resource'].lastMergeCommit.commitId = commit;
      p['resource'].closedDate = new Date(closedAt).toISOString();
    });

  it('queues one build per window, with the latest merge, through scheduled bus messages and two replicas', async () => {
    harness = await TriggerHarness.start({ rules, replicas: 2 });
    const windowStart = Math.ceil(Date.now() / 1000) * 1000 + 1000;
    await Promise.all([
      harness.publish(merge(1, 'a'.repeat(40), windowStart + 100)),
      harness.publish(merge(2, 'b'.repeat(40), windowStart + 600)),
      harness.publish(merge(1, 'a'.repeat(40), windowStart + 100, 'pr-1-second-subscription')),
      harness.publish(merge(3, 'c'.repeat(40), windowStart + 1500)),
    ]);
    await waitFor(() => (harness.bus.scheduledCount === 3 ? true : undefined), 'three scheduled candidates (one per merge)');
    expect(harness.builds()).toHaveLength(0);

    // Window 1 closes at +1000; after the grace period the latest merge (PR 2) claims it first.
    const [first] = await harness.outcomes.waitFor(1, 6000);
    expect(Date.now()).toBeGreaterThanOrEqual(windowStart + 2000);
    expect(BuildQueued.envelope.parse(first).data.pullRequest).toEqual({ repository: 'Fabrikam', pullRequestId: 2, mergeCommit: 'b'.repeat(40) });

    // PR 1's own candidate fires later and finds the window taken; PR 3 is in the next window.
    await harness.outcomes.waitFor(2, 6000);
    await sleep(Math.max(0, windowStart + 4200 - Date.now()));
    const builds = harness.builds().sort((a, b) => a.id - b.id);
    expect(builds.map((build) => build.templateParameters?.['libCommit'])).toEqual(['b'.repeat(40), 'c'.repeat(40)]);
    expect(harness.queueCalls()).toHaveLength(2);
    expect(harness.bus.scheduledCount).toBe(0);
  }, 15_000);

  it('names the merge the build was queued with when an earlier merge of the window is replayed later', async () => {
    harness = await TriggerHarness.start({ rules, bus: { duplicateDetectionWindowMs: 50 } });
    // A window long closed: each candidate fires as soon as it is published.
    const windowStart = Date.parse('2024-03-01T10:00:00Z');
    await harness.publish(merge(2, 'b'.repeat(40), windowStart + 600));
    const [original] = await harness.outcomes.waitFor(1);
    expect(BuildQueued.envelope.parse(original).data.pullRequest).toEqual({ repository: 'Fabrikam', pullRequestId: 2, mergeCommit: 'b'.repeat(40) });

    // PR 1 merged earlier in the same window; its hook arrives again after the bus forgot the slot message.
    await sleep(100);
    await harness.publish(merge(1, 'a'.repeat(40), windowStart + 100));
    const [, resent] = await harness.outcomes.waitFor(2);
    expect(harness.builds()).toHaveLength(1);
    expect(resent!.id).toBe(original!.id);
    // The commit of PR 2 is not on the build, so the re-sent outcome leaves it out rather than give PR 1's.
    expect(BuildQueued.envelope.parse(resent).data.pullRequest).toEqual({ repository: 'Fabrikam', pullRequestId: 2 });
  });
});

