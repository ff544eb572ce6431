import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AzureDevOpsTestServer, type OrgState, type PlanRecord, type RecordedCall } from '@switchyard/azure-devops/test-server';
import { CheckRequested, createEvent, Topics, type EventEnvelope } from '@switchyard/contracts';
import { checkKeyOf, generateTokenKey, sealToken, tokenContextOf, tokenKeyRingFromEnv } from '@switchyard/gates';
import type { Bus, EmbeddedBus, EmbeddedBusOptions } from '@switchyard/messaging';
import { createTestBus, waitFor } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startGateEvaluator, type RunningGateEvaluator } from '../src/start-gate-evaluator';

export const AUTH_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.pipeline-access-token-valid-48h.c2lnbmF0dXJl';
export const CMDLINE_TASK = 'D9BAFED4-0B18-4F58-968D-86655B4D2CE9';

export interface CheckIds {
  planId: string;
  jobId: string;
  timelineId: string;
  taskInstanceId: string;
}

export interface EvaluatorHarness {
  ado: AzureDevOpsTestServer;
  org: OrgState;
  orgUrl: string;
  projectId: string;
  bus: EmbeddedBus;
  evaluator: RunningGateEvaluator;
  logLines: string[];
  /** Every message body the bus accepted or refused as duplicate, as JSON text. */
  busTraffic: string[];
  /** Publishes a CheckRequested the way the ingress does (sealed token); returns the check's ids. */
  requestCheck(
    policy: string,
    overrides?: {
      buildId?: string;
      planUrl?: string;
      token?: string;
      hubName?: string;
      ids?: CheckIds;
      headers?: Record<string, string>;
      /** The state Azure Pipelines left the check's record in before the call (default inProgress; null: none). */
      recordState?: string | null;
      /**
       * Seal the token for another check than the message names (e.g. another organization's PlanUrl),
       * as someone who moved a sealed token between messages on the bus would.
       */
      sealedFor?: { planUrl?: string; projectId?: string; hubName?: string };
      /** The project the message names (default: the harness's Fabrikam project). */
      projectId?: string;
      /**
       * Seal the token with this key (a GATE_TOKEN_KEY value) instead of the evaluator's, as an ingress
       * configured with another key, or one rotated without the old key in GATE_TOKEN_PREVIOUS_KEYS, would.
       */
      sealedWith?: string;
    },
  ): Promise<CheckIds>;
  plan(ids: CheckIds): PlanRecord | undefined;
  /** When a call reached the test server (Date.now()); the recorded calls carry no time of their own. */
  arrivedAt(call: RecordedCall): number;
  /** Starts another evaluator replica on the same bus (same keys and settings); closed with the harness. */
  startReplica(): Promise<RunningGateEvaluator>;
  /** Waits until the check's log (all of the plan's logs) holds `text`; returns the whole text. The decision's line follows its post. */
  waitForLog(ids: CheckIds, text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until the plan received `count` events (TaskCompleted posts). */
  waitForEvents(ids: CheckIds, count?: number, timeoutMs?: number): Promise<PlanRecord['events']>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The bus the first evaluator sees (e.g. one that lets it die mid-message); replicas see the real one. */
  wrapBus?: (bus: EmbeddedBus) => Bus;
  /** Test bus settings, e.g. a lock longer than its 1 s when Azure DevOps is made slow on purpose. */
  busOptions?: EmbeddedBusOptions;
  /** More organizations of the test server in ALLOWED_ORG_URLS, besides fabrikam. */
  moreAllowedOrgs?: string[];
}

/**
 * A real Azure DevOps test server on loopback, an embedded test bus and the evaluator under test.
 * `env` overrides the evaluator's settings; a variable set to undefined is left unset (e.g. GATE_POLICIES_FILE).
 */
export async function startEvaluatorHarness(policiesYaml: string, env: Record<string, string | undefined> = {}, clock?: () => Date, options: HarnessOptions = {}): Promise<EvaluatorHarness> {
  // Plans only as requestCheck seeds them: a call to another project, hub or plan gets 404, as in production.
  const ado = await AzureDevOpsTestServer.start({ acceptTokens: [AUTH_TOKEN], knownPlansOnly: true });
  const orgUrl = ado.orgUrl('fabrikam');
  const org = ado.org('fabrikam');
  const arrivals = new WeakMap<RecordedCall, number>();
  const recordCall = ado.calls.push.bind(ado.calls);
  // Not enumerable: `expect(ado.calls).toEqual([...])` still compares only the calls.
  Object.defineProperty(ado.calls, 'push', {
    value: (...calls: RecordedCall[]) => {
      for (const call of calls) arrivals.set(call, Date.now());
      return recordCall(...calls);
    },
  });
  const projectId = org.addProject('Fabrikam').id;
  const dir = mkdtempSync(join(tmpdir(), 'gate-evaluator-'));
  writeFileSync(join(dir, 'gates.yaml'), policiesYaml);
  const tokenKey = generateTokenKey();
  const bus = createTestBus(options.busOptions);
  const busTraffic: string[] = [];
  const subscription = bus.published$.subscribe((published) => busTraffic.push(JSON.stringify(published.message)));
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const start = (evaluatorBus: Bus) =>
    startGateEvaluator({
      bus: evaluatorBus,
      port: 0,
      env: {
        HOST: '127.0.0.1',
        GATE_POLICIES_FILE: join(dir, 'gates.yaml'),
        GATE_TOKEN_KEY: tokenKey,
        ALLOWED_ORG_URLS: [orgUrl, ...(options.moreAllowedOrgs ?? []).map((name) => ado.orgUrl(name))].join(','),
        AZURE_DEVOPS_RETRY_BASE_MS: '10',
        AZURE_DEVOPS_MAX_ATTEMPTS: '3',
        GATE_DECISION_RETRY_DELAY: '50ms',
        GATE_DECISION_ATTEMPTS: '3',
        ...env,
      },
      logger: createLogger({ service: 'gate-evaluator', level: 'debug', destination }),
      clock,
    });
  const evaluator = await start(options.wrapBus ? options.wrapBus(bus) : bus);
  const replicas: RunningGateEvaluator[] = [];
  const keys = tokenKeyRingFromEnv({ GATE_TOKEN_KEY: tokenKey });

  const harness: EvaluatorHarness = {
    ado,
    org,
    orgUrl,
    projectId,
    bus,
    evaluator,
    logLines,
    busTraffic,
    async requestCheck(policy, overrides = {}) {
      const ids = overrides.ids ?? newCheckIds();
      const check = { planUrl: overrides.planUrl ?? orgUrl, projectId: overrides.projectId ?? projectId, hubName: overrides.hubName ?? 'checks', ...ids };
      const context = tokenContextOf({ ...check, ...overrides.sealedFor });
      // Azure Pipelines creates the check's timeline record (id = TaskInstanceId) before it calls the check.
      const timelines = org.plan(projectId, overrides.hubName ?? 'checks', ids.planId).timelines;
      const timeline = timelines.get(ids.timelineId.toLowerCase()) ?? new Map<string, Record<string, unknown>>();
      timelines.set(ids.timelineId.toLowerCase(), timeline);
      if (!timeline.has(ids.taskInstanceId.toLowerCase())) {
        const state = overrides.recordState === undefined ? 'inProgress' : overrides.recordState;
        timeline.set(ids.taskInstanceId.toLowerCase(), { id: ids.taskInstanceId, type: 'Task', name: 'Invoke REST API', ...(state !== null && { state }), changeId: 1 });
      }
      const event: EventEnvelope = createEvent(CheckRequested, {
        id: `check.${checkKeyOf(ids)}`,
        source: '/test',
        data: {
          policy,
          ...check,
          ...(overrides.buildId !== undefined && { buildId: overrides.buildId }),
          sealedAuthToken: sealToken(overrides.token ?? AUTH_TOKEN, overrides.sealedWith === undefined ? keys : tokenKeyRingFromEnv({ GATE_TOKEN_KEY: overrides.sealedWith }), context),
          headers: { ...(overrides.buildId !== undefined && { buildid: overrides.buildId }), ...overrides.headers },
          requestedAt: (clock?.() ?? new Date()).toISOString(),
          evaluation: 1,
        },
      });
      await bus.publisher.publish(event);
      return ids;
    },
    async startReplica() {
      const replica = await start(bus);
      replicas.push(replica);
      return replica;
    },
    plan: (ids) => org.planById(ids.planId),
    arrivedAt(call) {
      const at = arrivals.get(call);
      if (at === undefined) throw new Error(`${call.method} ${call.path} was not recorded by this harness's test server`);
      return at;
    },
    waitForLog: (ids, text, timeoutMs = 8000) =>
      waitFor(() => {
        const log = (org.planById(ids.planId)?.logs ?? []).map((entry) => entry.content).join('');
        return (typeof text === 'string' ? log.includes(text) : text.test(log)) ? log : undefined;
      }, `the log of plan ${ids.planId} to show ${String(text)}`, timeoutMs),
    waitForEvents: (ids, count = 1, timeoutMs = 8000) =>
      waitFor(() => {
        const events = org.planById(ids.planId)?.events ?? [];
        return events.length >= count ? events : undefined;
      }, `${count} plan event(s) on plan ${ids.planId}`, timeoutMs),
    async close() {
      await Promise.all([evaluator, ...replicas].map((running) => running.close()));
      subscription.unsubscribe();
      await bus.close();
      await ado.close();
    },
  };
  return harness;
}

export const newCheckIds = (): CheckIds => ({ planId: randomUUID(), jobId: randomUUID(), timelineId: randomUUID(), taskInstanceId: randomUUID() });

/** A build with a timeline in the harness's project. */
export function seedBuild(org: OrgState, id: number, timeline: Parameters<OrgState['setTimeline']>[1] = []): void {
  const definition = org.definitions.get(1) ?? org.addDefinition({ project: 'Fabrikam', name: 'ci', id: 1 });
  org.addBuild({ project: 'Fabrikam', definitionId: definition.id, id, status: 'inProgress' });
  org.setTimeline(id, timeline);
}

export const checksTopic = Topics.checks;
