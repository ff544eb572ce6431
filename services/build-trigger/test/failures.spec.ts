import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BuildTriggerCoalesceDue, createEvent, Topics } from '@switchyard/contracts';
import { MAX_DELIVERY_COUNT_EXCEEDED } from '@switchyard/messaging';
import { waitForDeadLetter } from '@switchyard/messaging/testing';
import { makeSelfSignedCertificate, selfSignedCertificateUnavailable } from '@switchyard/testing';
import { appCi, rulesFor, timeWarp, type AskedLater } from './later-copies';
import { mergedFixture, sleep, token, TriggerHarness } from './trigger-harness';


const dueDeadLetter = (harness: TriggerHarness) => waitForDeadLetter(harness.bus, Topics.buildTrigger, 'build-trigger', { timeoutMs: 8000 });

describe('when Azure DevOps refuses or fails', () => {
  let harness: TriggerHarness;
  afterEach(async () => harness?.close());

  it('dead-letters at once, saying which definition is missing where', async () => {
    harness = await TriggerHarness.start({ rules: rulesFor('{ project: Fabrikam, definition: app-missing }') });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.DEFINITION_NOT_FOUND');
    expect(dead.deliveryCount).toBe(1);
    expect(dead.description).toContain('No build definition named "app-missing" in project "Fabrikam" of ' + harness.orgUrl);
    expect(dead.description).toContain('rule "app-on-lib-merge" (line 6)');
    expect(harness.queueCalls()).toHaveLength(0);
  });

  it('dead-letters at once, listing each one, when definitions in two folders share the name', async () => {
    harness = await TriggerHarness.start({ rules: rulesFor('{ project: Fabrikam, definition: app-ci }') });
    harness.org.addDefinition({ project: 'Fabrikam', name: 'app-ci', path: '\\team-b', id: 12 });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.DEFINITION_AMBIGUOUS');
    expect(dead.deliveryCount).toBe(1);
    expect(dead.description).toContain(`2 build definitions are named "app-ci" in project "Fabrikam" of ${harness.orgUrl}: \\app-ci (id 7), \\team-b\\app-ci (id 12)`);
    expect(dead.description).toContain('fix rule "app-on-lib-merge" (line 6) with the one meant, by its numeric id or its folder path');
    expect(harness.queueCalls()).toHaveLength(0);
  });

  it('dead-letters a 401 naming the token variable, never the token', async () => {
    harness = await TriggerHarness.start({ rules: appCi, server: { acceptTokens: ['some-other-token'] } });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.UNAUTHORIZED');
    expect(dead.deliveryCount).toBe(1);
    expect(dead.description).toContain(`rejected the token in AZURE_DEVOPS_TOKEN for ${harness.orgUrl} (401)`);
    expect(JSON.stringify(dead)).not.toContain(token);
    expect(JSON.stringify(dead)).not.toContain(Buffer.from(`:${token}`).toString('base64'));
    expect(harness.logs.join('\n')).not.toContain(token);
  });

  it('dead-letters a 203 (the sign-in page Azure DevOps answers a rejected token with) as a rejected token', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 203, times: 10 });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.UNAUTHORIZED');
    expect(dead.description).toContain(`rejected the token in AZURE_DEVOPS_TOKEN for ${harness.orgUrl} (203)`);
    expect(harness.builds()).toHaveLength(0);
  });

  const noCertificate = selfSignedCertificateUnavailable();
  (noCertificate ? it.skip : it)(`dead-letters at once, naming NODE_EXTRA_CA_CERTS, when the server's TLS certificate is not trusted (an internal CA)${noCertificate ? ` [skipped: ${noCertificate}]` : ''}`, async () => {
    const certificate = makeSelfSignedCertificate();
    try {
      harness = await TriggerHarness.start({ rules: appCi, server: { tls: certificate } });
      await harness.publish(harness.hookEvent());
      const dead = await dueDeadLetter(harness);
      expect(dead.reason).toBe('BUILD_TRIGGER.CERTIFICATE_UNTRUSTED');
      expect(dead.deliveryCount).toBe(1);
      expect(dead.description).toContain(`rule "app-on-lib-merge" (target 1, line 6) cannot reach ${harness.orgUrl}`);
      expect(dead.description).toContain('NODE_EXTRA_CA_CERTS');
      expect(harness.server.calls).toHaveLength(0);
    } finally {
      certificate.remove();
    }
  });

  it('dead-letters a 403 with the permission to grant', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 403, times: 10 });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.FORBIDDEN');
    expect(dead.description).toContain('"Queue builds"');
    expect(harness.builds()).toHaveLength(0);
  });

  it('dead-letters a 404 from the queue request at once, naming the rule and target to check, and queues nothing', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    // The definition is found by name, but queueing it is answered 404 (project or definition gone, or hidden from the token's user).
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 404, times: 100 });
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.NOT_FOUND');
    expect(dead.deliveryCount).toBe(1);
    expect(dead.description).toContain(`Azure DevOps found no project "Fabrikam" of ${harness.orgUrl} or definition app-ci (404)`);
    expect(dead.description).toContain('check rule "app-on-lib-merge" (target 1, line 6)');
    expect(harness.queueCalls().map((call) => call.status)).toEqual([404]);
    expect(harness.builds()).toHaveLength(0);
    expect(harness.outcomes.events).toHaveLength(0);
  });

  it.each([
    ['a 503 that outlasts the retries', 503],
    ['a 403: the token may queue builds but not tag them', 403],
  ])('queues one build, and completes the message, when its tags cannot be added (%s)', async (_why, status) => {
    harness = await TriggerHarness.start({ rules: appCi, env: { AZURE_DEVOPS_MAX_ATTEMPTS: '2' } });
    harness.server.inject({ path: /\/_apis\/build\/builds\/\d+\/tags$/, method: 'POST', status, times: 20 });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1, 8000);
    // Failing the message here would have the bus redeliver it, find no tagged build and queue another.
    await sleep(500);
    expect(harness.queueCalls()).toHaveLength(1);
    expect(harness.builds()).toHaveLength(1);
    expect(harness.builds()[0].tags).toEqual([]);
    expect(harness.logs.join('\n')).toContain('its tags could not be added');
    expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
  });

  it('dead-letters a queue that fails validation with the reasons Azure DevOps gives, not only its generic message', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    harness.org.definitions.get(7)?.requiredTemplateParameters.push('environment');
    await harness.publish(harness.hookEvent());
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.REFUSED');
    expect(dead.description).toContain("A value for the 'environment' parameter must be provided.");
    expect(harness.builds()).toHaveLength(0);
  });

  describe('while Azure DevOps throttles or is down: tries the build again later instead of using up the deliveries', () => {
    it('resends a queue request refused with 429 at once, tries one answered 503 again later (it may have queued), and queues one build', async () => {
      const asked: AskedLater[] = [];
      harness = await TriggerHarness.start({ rules: appCi, wrapBus: timeWarp(asked) });
      harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 503, times: 1 });
      harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 429, retryAfter: 0, times: 1 });
      await harness.publish(harness.hookEvent());
      await harness.outcomes.waitFor(1, 8000);
      // The client does not send a queue request again after a 503 (the build may exist); the later copy looks for it first.
      expect(asked).toEqual([expect.objectContaining({ id: expect.stringMatching(/#later-1$/) })]);
      expect(asked[0]!.inMs).toBeGreaterThan(29_000);
      expect(harness.queueCalls().map((call) => call.status)).toEqual([503, 429, 200]);
      expect(harness.builds()).toHaveLength(1);
      // A single BuildReason: Triggered (1967) is a filter combining nine reasons.
      expect(harness.builds()[0].reason).toBe('manual');
    });

    it('honours a Retry-After longer than a handler may wait, and queues one build afterwards', async () => {
      const asked: AskedLater[] = [];
      harness = await TriggerHarness.start({ rules: appCi, wrapBus: timeWarp(asked) });
      harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 429, retryAfter: 30, times: 1 });
      await harness.publish(harness.hookEvent());
      await harness.outcomes.waitFor(1, 8000);
      expect(asked).toEqual([expect.objectContaining({ id: expect.stringMatching(/^build-trigger-[0-9a-f]+#later-1$/) })]);
      expect(asked[0]!.inMs).toBeGreaterThan(29_000);
      expect(harness.queueCalls().map((call) => call.status)).toEqual([429, 200]);
      expect(harness.builds()).toHaveLength(1);
      expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
    });

    it('does not take a page answered 200 instead of JSON (a proxy\'s sign-in page) for "no build carries the tag", and queues no second build', async () => {
      const asked: AskedLater[] = [];
      harness = await TriggerHarness.start({ rules: appCi, env: { AZURE_DEVOPS_MAX_ATTEMPTS: '2' }, bus: { duplicateDetectionWindowMs: 50 }, wrapBus: timeWarp(asked) });
      await harness.publish(harness.hookEvent());
      await harness.outcomes.waitFor(1, 8000);
      await sleep(100); // past the bus duplicate window, so the redelivery below reaches the handler
      // Every attempt of the "already queued?" list of the redelivery gets an HTML page, as a proxy in front of Azure DevOps may send.
      harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'GET', status: 200, rawBody: '<html><body>Sign in to continue</body></html>', contentType: 'text/html; charset=utf-8', times: 2 });
      await harness.publish(harness.hookEvent(mergedFixture, (p) => (p['id'] = 'redelivered-next-day')));
      await harness.outcomes.waitFor(2, 8000);
      expect(harness.builds()).toHaveLength(1);
      expect(harness.queueCalls()).toHaveLength(1);
      // Tried again later, as for any unusable answer, and that try found the tagged build.
      expect(asked).toEqual([expect.objectContaining({ id: expect.stringMatching(/#later-1$/) })]);
      expect(harness.logs.join('\n')).toContain('was text/html, not the JSON asked for');
    });

    it('backs off from 30 s to 15 min, then gives the message to the bus, which dead-letters it', async () => {
      const asked: AskedLater[] = [];
      harness = await TriggerHarness.start({ rules: appCi, env: { AZURE_DEVOPS_MAX_ATTEMPTS: '1' }, wrapBus: timeWarp(asked) });
      harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'POST', status: 503, times: 1000 });
      await harness.publish(harness.hookEvent());
      const dead = await dueDeadLetter(harness);
      expect(dead.reason).toBe(MAX_DELIVERY_COUNT_EXCEEDED);
      // Each copy is named after the slot message, not after the copy before it.
      expect(dead.messageId).toMatch(/^build-trigger-[0-9a-f]{32}#later-8$/);
      expect(asked.map((copy) => Math.round(copy.inMs / 1000 / 30) * 30)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
      expect(harness.builds()).toHaveLength(0);
    });
  });

  it('sends nothing when the event itself comes from an organization that is not allowed', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    const event = harness.hookEvent(mergedFixture, (p) => (p['resource'].url = p['resource'].url.replace('/fabrikam/', '/fabrikam-evil/')));
    expect(event.data).toMatchObject({ organizationUrl: harness.server.orgUrl('fabrikam-evil') });
    await harness.publish(event);
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.ORG_NOT_ALLOWED');
    expect(dead.description).toContain(`targets ${harness.server.orgUrl('fabrikam-evil')}, which is not in ALLOWED_ORG_URLS; add it there if builds may be queued in it. No request was sent.`);
    expect(harness.server.calls).toHaveLength(0);
  });

  it('names the refused redirect, not ALLOWED_ORG_URLS, when an allowed collection redirects http to https', async () => {
    const redirects: string[] = [];
    const server = createServer((request, response) => {
      redirects.push(request.url ?? '');
      response.writeHead(301, { location: `https://127.0.0.1:${port}${request.url}` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const collection = `http://127.0.0.1:${port}/tfs/DefaultCollection/`;
    try {
      harness = await TriggerHarness.start({ rules: rulesFor(`{ organization: "${collection}", project: Fabrikam, definition: 7 }`), env: { ALLOWED_ORG_URLS: collection } });
      await harness.publish(harness.hookEvent());
      const dead = await dueDeadLetter(harness);
      expect(dead.reason).toBe('BUILD_TRIGGER.ORG_NOT_ALLOWED');
      expect(dead.description).toContain(`targets ${collection}, which is in ALLOWED_ORG_URLS, but Azure DevOps led a call on to an address that is refused`);
      expect(dead.description).toContain(`https://127.0.0.1:${port}/tfs/DefaultCollection/`);
      expect(dead.description).toContain('http redirected to https');
      expect(dead.description).not.toContain('No request was sent');
      expect(redirects.length).toBeGreaterThan(0);
      expect(JSON.stringify(dead)).not.toContain(token);
      const failure = harness.logs.find((line) => line.includes('build cannot be queued; dead-lettering'));
      // The original refusal is logged as the cause.
      expect(failure).toMatch(/"cause":\{"type":"AzureDevOpsError","message":"Refused [A-Z]+ https:\/\/127\.0\.0\.1:/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('dead-letters a due build whose rule is gone from the rules file (rules changed meanwhile)', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    const due = createEvent(BuildTriggerCoalesceDue, {
      id: 'due-for-a-removed-rule',
      source: 'urn:switchyard:build-trigger',
      data: {
        rule: 'removed-rule',
        targetIndex: 0,
        windowStart: new Date().toISOString(),
        windowKey: 'abc:merge:def',
        pullRequests: [{ eventId: 'e1', repository: 'lib-core', pullRequestId: 42, organizationUrl: harness.orgUrl }],
      },
    });
    await harness.publish(due);
    const dead = await dueDeadLetter(harness);
    expect(dead.reason).toBe('BUILD_TRIGGER.RULE_CHANGED');
    expect(dead.description).toContain('Rule "removed-rule" target 1 is no longer in');
    expect(dead.description).toContain('PR lib-core!42');
    expect(harness.server.calls).toHaveLength(0);
  });

  it('dead-letters the PR event when a matching target cannot be filled from it', async () => {
    harness = await TriggerHarness.start({ rules: appCi });
    await harness.publish(harness.hookEvent(mergedFixture, (p) => delete p['resource'].lastMergeCommit));
    const dead = await waitForDeadLetter(harness.bus, Topics.pullRequests, 'build-trigger');
    expect(dead.reason).toBe('BUILD_TRIGGER.TARGET_UNQUEUEABLE');
    expect(dead.description).toContain('libCommit needs ${pr.lastMergeCommit}');
    expect(harness.server.calls).toHaveLength(0);
    // Nothing was handed on to the queue step either: no build request for it, dead-lettered a second time there.
    expect(harness.logs.filter((line) => line.includes('"msg":"build requested"'))).toEqual([]);
  });

  it('does not queue late in its message lock after finding a re-created pipeline slowly: tries again later, and queues once', async () => {
    const asked: AskedLater[] = [];
    harness = await TriggerHarness.start({ rules: appCi, env: { TRIGGER_QUEUE_DEADLINE_MS: '1000' }, bus: { lockDurationMs: 10_000 }, wrapBus: timeWarp(asked) });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1);
    // app-ci deleted and re-created (new id): the remembered id is answered 404, and looking the name up again is slow.
    harness.org.definitions.delete(7);
    harness.org.addDefinition({ project: 'Fabrikam', name: 'app-ci', id: 8, defaultBranch: 'refs/heads/main' });
    harness.server.inject({ path: /\/_apis\/build\/definitions$/, method: 'GET', delayMs: 1200, times: 1 });
    await harness.publish(harness.hookEvent(mergedFixture, (p) => ((p['id'] = 'pr-2'), (p['resource'].pullRequestId = 2))));
    await harness.outcomes.waitFor(2, 10_000);
    expect(asked.map((copy) => copy.id)).toEqual([expect.stringMatching(/#later-1$/)]);
    expect(harness.queueCalls().map((call) => call.status)).toEqual([200, 404, 200]);
    expect(harness.builds().map((build) => build.definitionId)).toEqual([7, 8]);
    expect(harness.logs.filter((line) => line.includes('answered too slowly to queue inside the message lock; trying this build again later'))).toHaveLength(1);
  });

  it('does not start queueing late in its message lock when Azure DevOps is slow: tries again later, and queues once', async () => {
    const asked: AskedLater[] = [];
    // Two deliveries only: slowness that lasts must not use up the bus's redeliveries and end as a dead letter.
    harness = await TriggerHarness.start({ rules: appCi, env: { TRIGGER_QUEUE_DEADLINE_MS: '1000' }, bus: { lockDurationMs: 10_000, maxDeliveryCount: 2 }, wrapBus: timeWarp(asked) });
    harness.server.inject({ path: /\/_apis\/build\/builds$/, method: 'GET', delayMs: 1200, times: 2 });
    await harness.publish(harness.hookEvent());
    await harness.outcomes.waitFor(1, 10_000);
    expect(asked.map((copy) => copy.id)).toEqual([expect.stringMatching(/#later-1$/), expect.stringMatching(/#later-2$/)]);
    expect(asked[0]!.inMs).toBeGreaterThan(29_000);
    // Two slow "already queued?" checks, the later copy's check, and the check after queueing.
    expect(harness.server.callsMatching(/\/_apis\/build\/builds$/, 'GET')).toHaveLength(4);
    expect(harness.queueCalls()).toHaveLength(1);
    expect(harness.builds()).toHaveLength(1);
    expect(await harness.bus.deadLetters(Topics.buildTrigger, 'build-trigger').list()).toEqual([]);
    expect(harness.logs.filter((line) => line.includes('answered too slowly to queue inside the message lock; trying this build again later'))).toHaveLength(2);
    expect(harness.logs.join('\n')).not.toContain('more than one build');
  });
});
