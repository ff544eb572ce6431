import { trace } from '@opentelemetry/api';
import { BuildQueued, BuildTriggerCoalesceDue, Topics, type EventEnvelope } from '@switchyard/contracts';
import { overrideBus, type InboundMessage, type Settlement } from '@switchyard/messaging';
import type { OutcomePublisher } from '@switchyard/eventgrid';
import { withOutcomesToEventGrid } from '@switchyard/service-host';
import { startInMemoryTracing } from '@switchyard/observability';
import { waitFor } from '@switchyard/messaging/testing';
import { mergedFixture, sleep, token, TriggerHarness } from './trigger-harness';

const rules = `
rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged, repository: "^Fabrikam$", targetBranch: master, status: completed }
    queue:
      - project: Fabrikam
        definition: app-ci
        parameters: { libCommit: "\${pr.lastMergeCommit}", pr: "\${pr.pullRequestId}" }
`;

describe('queueing a build when a pull request merges', () => {
  let harness: TriggerHarness;
  afterEach(async () => harness?.close());

  it('queues one tagged build with the parameters and publishes BuildQueued', async () => {
    harness = await TriggerHarness.start({ rules });
    await harness.publish(harness.hookEvent());
    const [queued] = await harness.outcomes.waitFor(1);

    const builds = harness.builds();
    expect(builds).toHaveLength(1);
    const build = builds[0]!;
    expect(build.definitionId).toBe(7);
    expect(build.templateParameters).toEqual({ libCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72', pr: '1' });
    expect(build.tags).toEqual(expect.arrayContaining(['switchyard', 'switchyard-rule:app-on-lib-merge', 'pr:Fabrikam!1']));
    expect(build.tags.filter((tag) => /^switchyard:[0-9a-f]{32}$/.test(tag))).toHaveLength(1);

    expect(queued!.type).toBe(BuildQueued.type);
    expect(BuildQueued.envelope.parse(queued).data).toMatchObject({
      rule: 'app-on-lib-merge',
      organizationUrl: harness.orgUrl,
      project: 'Fabrikam',
      definition: { id: 7, name: 'app-ci' },
      buildId: build.id,
      pullRequest: { repository: 'Fabrikam', pullRequestId: 1, mergeCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72' },
    });
    const auth = harness.queueCalls()[0]!.headers.authorization;
    expect(auth).toBe(`Basic ${Buffer.from(`:${token}`).toString('base64')}`);
    expect(harness.logs.join('\n')).not.toContain(token);
  });

  it("gives BuildQueued the merge's trace, so its subscribers (Event Grid included) can follow it back to the hook", async () => {
    const tracing = startInMemoryTracing();
    // What the Event Grid forwarding is handed: the event as the handler built it, not the bus's traced copy.
    const forwarded: EventEnvelope[] = [];
    const eventGrid: OutcomePublisher = {
      enabled: true,
      publish: (event) => void forwarded.push(event),
      flush: async () => undefined,
      close: async () => undefined,
      stats: () => ({ accepted: 0, delivered: 0, failedAttempts: 0, queued: 0, dropped: { queueFull: 0, rejected: 0, retriesExhausted: 0, shutdown: 0 } }),
    };
    try {
      harness = await TriggerHarness.start({ rules, wrapBus: (bus) => withOutcomesToEventGrid(bus, {}, { outcomes: eventGrid }).bus });
      const hookTrace = await trace.getTracer('test').startActiveSpan('POST /hooks/azure-devops', async (span) => {
        await harness.publish(harness.hookEvent());
        span.end();
        return span.spanContext().traceId;
      });
      await harness.outcomes.waitFor(1);
      await waitFor(() => (forwarded.length > 0 ? true : undefined), 'the outcome handed to Event Grid');
      expect(forwarded.map((event) => event.type)).toEqual([BuildQueued.type]);
      expect(forwarded[0]!.traceparent?.split('-')[1]).toBe(hookTrace);
    } finally {
      await tracing.shutdown();
    }
  });

  it('queues in an on-prem collection (TFS / Azure DevOps Server) when the merge came from one', async () => {
    harness = await TriggerHarness.start({ rules, allowCollection: 'tfs/DefaultCollection' });
    const collection = harness.server.org('tfs/DefaultCollection');
    collection.addDefinition({ project: 'Fabrikam', name: 'app-ci', id: 3 });
    const collectionUrl = harness.server.orgUrl('tfs/DefaultCollection');
    await harness.publish(harness.hookEvent(mergedFixture, undefined, collectionUrl));
    const [queued] = await harness.outcomes.waitFor(1);
    expect(queued!.data).toMatchObject({ organizationUrl: collectionUrl, definition: { id: 3 } });
    expect([...collection.builds.values()]).toHaveLength(1);
    expect(harness.builds()).toHaveLength(0);
    expect(harness.queueCalls()[0]!.path).toBe('/tfs/DefaultCollection/Fabrikam/_apis/build/builds');
  });

  it('looks the definition up by name once and reuses it', async () => {
    harness = await TriggerHarness.start({ rules });
    await harness.publish(harness.hookEvent());
    await harness.publish(harness.hookEvent(mergedFixture, (p) => ((p['id'] = 'pr-2'), (p['resource'].pullRequestId = 2))));
    await harness.outcomes.waitFor(2);
    expect(harness.builds()).toHaveLength(2);
    expect(harness.server.callsMatching('/_apis/build/definitions', 'GET')).toHaveLength(1);
  });

  it.each([
    ['PR created', 'hooks/go-playground-webhooks/git.pullrequest.created.json'],
    ['PR updated', 'hooks/go-playground-webhooks/git.pullrequest.updated.json'],
  ])('does not queue for %s', async (_, fixture) => {
    harness = await TriggerHarness.start({ rules });
    const event = harness.hookEvent(fixture);
    await harness.bus.publisher.publish(event);
    await harness.waitForLog('no rule matched', event.id);
    expect(harness.queueCalls()).toHaveLength(0);
    expect(harness.outcomes.events).toHaveLength(0);
  });

  it('queues the definition a folder path names when several share its name', async () => {
    harness = await TriggerHarness.start({ rules: rules.replace('definition: app-ci', 'definition: \\team-b\\app-ci') });
    harness.org.addDefinition({ project: 'Fabrikam', name: 'app-ci', path: '\\team-b', id: 12 });
    await harness.publish(harness.hookEvent());
    const [queued] = await harness.outcomes.waitFor(1);
    expect(harness.builds().map((build) => build.definitionId)).toEqual([12]);
    expect(BuildQueued.envelope.parse(queued).data.definition).toEqual({ id: 12, name: 'app-ci' });
  });

  it('is never handed other events, such as build.complete, and queues nothing for them', async () => {
    const handed: InboundMessage[] = [];
    harness = await TriggerHarness.start({
      rules,
      wrapBus: (bus) => overrideBus(bus, { receive: (options, process) => bus.receive(options, (message) => (handed.push(message), process(message))) }),
    });
    const buildComplete = harness.hookEvent('hooks/go-playground-webhooks/build.complete.json');
    await harness.publish(buildComplete);
    // The bus took it and copied it, as it publishes, to the subscriptions that want it (the badge renderer's, idle here).
    expect(harness.bus.backlog(Topics.builds, 'badge-renderer')).toBe(1);
    // A merge published after it goes all the way to a queued build.
    const merge = harness.hookEvent();
    await harness.publish(merge);
    await harness.outcomes.waitFor(1);
    expect(handed.map((message) => message.messageId)).toContain(merge.id);
    expect(handed.map((message) => message.messageId)).not.toContain(buildComplete.id);
    expect(handed.map((message) => message.subject)).not.toContain(buildComplete.type);
    for (const subscription of harness.bus.topology.subscriptions.filter((s) => s.name === 'build-trigger')) {
      expect(harness.bus.backlog(subscription.topic, subscription.name)).toBe(0);
      expect(await harness.bus.deadLetters(subscription.topic, subscription.name).list()).toEqual([]);
    }
    expect(harness.logs.join('\n')).not.toContain(buildComplete.id);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.outcomes.events).toHaveLength(1);
  });

  it('does not queue for the merge attempts of an open PR, which git.pullrequest.merged also reports', async () => {
    harness = await TriggerHarness.start({ rules: `
rules:
  - name: on-merge
    when: { event: pullrequest.merged }
    queue: [{ project: Fabrikam, definition: app-ci }]
` });
    const attempt = (id: string, commit: string) => (p: Record<string, any>) => {
      p['id'] = id;
      p['resource'].status = 'active';
      delete p['resource'].closedDate;
      p['resource'].lastMergeCommit.commitId = commit;
    };
    await harness.publish(harness.hookEvent(mergedFixture, attempt('push-1', '1'.repeat(40))));
    await harness.publish(harness.hookEvent(mergedFixture, attempt('push-2', '2'.repeat(40))));
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    await harness.waitForLog('no rule matched', 'push-1');
    await harness.waitForLog('no rule matched', 'push-2');
    expect(harness.builds()).toHaveLength(1);
    expect(harness.outcomes.events).toHaveLength(1);
  });

  it('queues once per conflicting merge attempt (no merge commit): a new push is another attempt, a redelivered notification is not', async () => {
    harness = await TriggerHarness.start({
      rules: `
rules:
  - name: tell-on-conflict
    when: { event: pullrequest.merged, mergeStatus: conflicts }
    queue: [{ project: Fabrikam, definition: app-ci, parameters: { pr: "\${pr.id}" } }]
`,
      bus: { duplicateDetectionWindowMs: 50 },
    });
    // Azure DevOps sends no lastMergeCommit for a merge that failed: only the commits it tried to merge.
    const conflict = (id: string, sourceCommit: string) => (p: Record<string, any>) => {
      p['id'] = id;
      Object.assign(p['resource'], { status: 'active', mergeStatus: 'conflicts', pullRequestId: 5 });
      delete p['resource'].closedDate;
      delete p['resource'].lastMergeCommit;
      p['resource'].lastMergeSourceCommit.commitId = sourceCommit;
    };
    await harness.publish(harness.hookEvent(mergedFixture, conflict('conflict-1', '1'.repeat(40))));
    await harness.outcomes.waitFor(1);
    await harness.publish(harness.hookEvent(mergedFixture, conflict('conflict-2', '2'.repeat(40))));
    await harness.outcomes.waitFor(2);
    // The first notification again, after the bus's duplicate window: its build is found by its tag.
    await sleep(100);
    await harness.publish(harness.hookEvent(mergedFixture, conflict('conflict-1', '1'.repeat(40))));
    await harness.outcomes.waitFor(3);
    expect(harness.builds()).toHaveLength(2);
    expect(harness.queueCalls()).toHaveLength(2);
    expect(harness.outcomes.events[2]!.id).toBe(harness.outcomes.events[0]!.id);
  });

  it('queues for a PR from another organization only when the rule\'s when.organization names it', async () => {
    // The target names fabrikam; only fabrikam's own PRs may put their values into its build.
    harness = await TriggerHarness.start({ rules: `
rules:
  - name: fabrikam-merges
    when: { event: pullrequest.merged, organization: "{org}" }
    queue: [{ organization: "{org}", project: Fabrikam, definition: app-ci, parameters: { pr: "\${pr.pullRequestId}" } }]
` });
    const contoso = harness.hookEvent(mergedFixture, (p) => ((p['id'] = 'from-contoso'), (p['resource'].pullRequestId = 66)), harness.server.orgUrl('contoso'));
    expect(contoso.data).toMatchObject({ organizationUrl: harness.server.orgUrl('contoso') });
    await harness.publish(contoso);
    await harness.waitForLog('no rule matched', 'from-contoso');
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    expect(harness.builds().map((build) => build.templateParameters)).toEqual([{ pr: '1' }]);
    expect(harness.outcomes.events).toHaveLength(1);
  });

  it('passes ${pr.mergedAt} as the PR\'s closedDate was sent, all seven fractional digits', async () => {
    harness = await TriggerHarness.start({ rules: `
rules:
  - name: stamped
    when: { event: pullrequest.merged }
    queue: [{ project: Fabrikam, definition: app-ci, parameters: { mergedAt: "\${pr.mergedAt}" } }]
` });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    // closedDate of the shared fixture hooks/go-playground-webhooks/git.pullrequest.merged.json
    expect(harness.builds()[0]!.templateParameters).toEqual({ mergedAt: '2014-06-30T18:59:12.3660573Z' });
  });

  it('queues one build per target when a rule queues the same definition with different parameters', async () => {
    harness = await TriggerHarness.start({ rules: `
rules:
  - name: both-stages
    when: { event: pullrequest.merged }
    queue:
      - { project: Fabrikam, definition: app-ci, parameters: { env: staging } }
      - { project: Fabrikam, definition: app-ci, parameters: { env: prod } }
` });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(2);
    expect(harness.builds().map((build) => build.templateParameters).sort((a, b) => (a!['env']! < b!['env']! ? -1 : 1))).toEqual([{ env: 'prod' }, { env: 'staging' }]);
  });

  it('queues although Azure DevOps warns that no agent that could run the build is online', async () => {
    harness = await TriggerHarness.start({ rules });
    harness.org.definitions.get(7)!.queueWarnings.push('There are agents that are capable of running the build, but they are not online.');
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.queueCalls()[0]!.query['ignoreWarnings']).toBe('true');
  });

  it('finds a pipeline again after it was deleted and re-created under the same name (new id)', async () => {
    harness = await TriggerHarness.start({ rules });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    harness.org.definitions.delete(7);
    harness.org.addDefinition({ project: 'Fabrikam', name: 'app-ci', id: 8, defaultBranch: 'refs/heads/main' });
    await harness.publish(harness.hookEvent(mergedFixture, (p) => ((p['id'] = 'pr-2'), (p['resource'].pullRequestId = 2))));
    await harness.outcomes.waitFor(2);
    expect(harness.builds().map((build) => build.definitionId)).toEqual([7, 8]);
    expect(harness.outcomes.events[1]!.data).toMatchObject({ definition: { id: 8, name: 'app-ci' } });
  });

  it('gives one build when Azure DevOps delivers the hook twice and through two hook subscriptions', async () => {
    harness = await TriggerHarness.start({ rules });
    const event = harness.hookEvent();
    await harness.publish(event);
    await harness.publish(event);
    await harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'second-subscription-delivery')));
    await harness.outcomes.waitFor(1);
    // Its build request is the first's slot message again, which the bus drops as a duplicate.
    await harness.waitForLog('build requested', 'second-subscription-delivery');
    expect(harness.builds()).toHaveLength(1);
    expect(harness.queueCalls()).toHaveLength(1);
  });

  it('gives one build when the same merge is redelivered long after (bus duplicate window passed)', async () => {
    harness = await TriggerHarness.start({ rules, bus: { duplicateDetectionWindowMs: 50 } });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    await sleep(100);
    await harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'redelivered-next-day')));
    await harness.outcomes.waitFor(2);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.queueCalls()).toHaveLength(1);
    // The outcome is published again with the same id: Service Bus drops it as a duplicate in its window.
    expect(harness.outcomes.events[1]!.id).toBe(harness.outcomes.events[0]!.id);
  });

  it('reports, and counts, a second build carrying a merge tag when the "already queued?" list missed the first', async () => {
    harness = await TriggerHarness.start({ rules, bus: { duplicateDetectionWindowMs: 50 } });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    await sleep(100);
    // The tag list lags behind (or the guarantee was broken otherwise): the redelivery sees no tagged build and queues one.
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'GET', status: 200, rawBody: '{"count":0,"value":[]}', times: 1 });
    await harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'redelivered-unseen')));
    await harness.outcomes.waitFor(2);
    const ids = harness.builds().map((build) => build.id);
    expect(ids).toHaveLength(2);
    const warning = harness.logs.find((line) => line.includes('"msg":"more than one build carries this merge tag; cancel all but the oldest"'));
    expect(warning).toContain(`"buildIds":[${ids.sort((a, b) => a - b).join(',')}]`);
    const metrics = await (await fetch(`${harness.replicas[0]!.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchyard_build_trigger_builds_total\{[^}]*outcome="duplicate-detected"[^}]*\} 1$/m);
  });

  it('does not send BuildQueued again for a build whose pull-request tag was removed, since it cannot say which merge it was', async () => {
    // How each due message was settled: the redelivery must complete, not fail over and over.
    const dueSettlements: Settlement['kind'][] = [];
    harness = await TriggerHarness.start({
      rules,
      bus: { duplicateDetectionWindowMs: 50 },
      wrapBus: (bus) =>
        overrideBus(bus, {
          receive: (options, process) =>
            bus.receive(options, async (message) => {
              const settlement = await process(message);
              if (message.subject === BuildTriggerCoalesceDue.type) dueSettlements.push(settlement.kind);
              return settlement;
            }),
        }),
    });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    const build = harness.builds()[0]!;
    harness.org.updateBuild(build.id, { tags: build.tags.filter((tag) => !tag.startsWith('pr:')) });
    await sleep(100);
    await harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'redelivered-after-untagging')));
    await waitFor(() => (harness.logs.some((line) => line.includes('BuildQueued is not sent again')) ? true : undefined), 'the warning that the outcome is not re-sent');
    await waitFor(() => (dueSettlements.length >= 2 ? true : undefined), 'the redelivered due message to be settled');
    expect(dueSettlements).toEqual(['complete', 'complete']);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.outcomes.events).toHaveLength(1);
  });

  it('gives one build when the handler crashes after queueing and before settling', async () => {
    let failures = 1;
    harness = await TriggerHarness.start({
      rules,
      wrapBus: (bus) => {
        const publish = bus.publisher.publish.bind(bus.publisher);
        bus.publisher.publish = async (event, options) => {
          if (event.type === BuildQueued.type && failures-- > 0) throw new Error('process died before the outcome was sent');
          return publish(event, options);
        };
        return bus;
      },
    });
    await harness.publish(harness.hookEvent());
    await waitFor(() => (harness.outcomes.events.length > 0 ? true : undefined), 'BuildQueued after redelivery');
    expect(harness.builds()).toHaveLength(1);
    expect(harness.queueCalls()).toHaveLength(1);
    expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
  });

  it('gives one build when one replica handles two messages for the same merge at once (no bus dedupe)', async () => {
    harness = await TriggerHarness.start({ rules, bus: { duplicateDetectionWindowMs: 0 } });
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'GET', delayMs: 100, times: 2 });
    await Promise.all([
      harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'delivery-a'))),
      harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'delivery-b'))),
    ]);
    await harness.outcomes.waitFor(2);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.outcomes.events[1]!.id).toBe(harness.outcomes.events[0]!.id);
  });

  it('gives one build when two replicas receive the same merge at the same time', async () => {
    harness = await TriggerHarness.start({ rules, replicas: 2 });
    await Promise.all([
      harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'delivery-a'))),
      harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'delivery-b'))),
      harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'delivery-c'))),
    ]);
    await harness.outcomes.waitFor(1);
    for (const id of ['delivery-a', 'delivery-b', 'delivery-c']) await harness.waitForLog('build requested', id);
    expect(harness.builds()).toHaveLength(1);
  });
});
