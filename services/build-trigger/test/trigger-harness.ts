import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeServiceHook, Topics, type EventEnvelope } from '@switchyard/contracts';
import { AzureDevOpsTestServer, type AzureDevOpsTestServerOptions, type OrgState } from '@switchyard/azure-devops/test-server';
import { createBus, type Bus, type EmbeddedBus, type EmbeddedBusOptions } from '@switchyard/messaging';
import { collectPublished, createTestBus, waitFor, type PublishedEvents } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { readFixtureJson } from '@switchyard/testing';
import { startBuildTrigger, type RunningBuildTrigger } from '../src';

export const token = 'build-trigger-test-pat-0123456789';
export const mergedFixture = 'hooks/go-playground-webhooks/git.pullrequest.merged.json';

export interface HarnessOptions {
  /** Rules YAML; `{org}` is replaced by the test server's fabrikam organization URL. */
  rules: string;
  env?: Record<string, string>;
  bus?: EmbeddedBusOptions;
  server?: AzureDevOpsTestServerOptions;
  /** Service replicas sharing the bus (default 1). */
  replicas?: number;
  /** Also allow-list this collection of the test server (e.g. `tfs/DefaultCollection`). */
  allowCollection?: string;
  /** Wraps each replica's bus handle (to inject bus failures). */
  wrapBus?: (bus: Bus) => Bus;
}

/**
 * The build trigger on an embedded test bus against the Azure DevOps test server on loopback, with a
 * fabrikam organization that has project Fabrikam and definition app-ci.
 */
export class TriggerHarness {
  readonly logs: string[] = [];
  server!: AzureDevOpsTestServer;
  bus!: EmbeddedBus;
  org!: OrgState;
  orgUrl!: string;
  outcomes!: PublishedEvents;
  replicas: RunningBuildTrigger[] = [];
  private dir = mkdtempSync(join(tmpdir(), 'build-trigger-'));

  static async start(options: HarnessOptions): Promise<TriggerHarness> {
    const harness = new TriggerHarness();
    try {
      await harness.init(options);
    } catch (error) {
      await harness.close();
      throw error;
    }
    return harness;
  }

  private async init(options: HarnessOptions): Promise<void> {
    this.server = await AzureDevOpsTestServer.start({ acceptTokens: [token], ...options.server });
    this.orgUrl = this.server.orgUrl('fabrikam');
    this.org = this.server.org('fabrikam');
    this.org.addDefinition({ project: 'Fabrikam', name: 'app-ci', id: 7, defaultBranch: 'refs/heads/main' });
    this.bus = createTestBus(options.bus);
    this.outcomes = collectPublished(this.bus, Topics.outcomes);
    const rulesFile = join(this.dir, 'rules.yaml');
    writeFileSync(rulesFile, options.rules.replaceAll('{org}', this.orgUrl));
    const env = {
      TRIGGER_RULES_FILE: rulesFile,
      ALLOWED_ORG_URLS: [this.orgUrl, ...(options.allowCollection ? [this.server.orgUrl(options.allowCollection)] : [])].join(','),
      AZURE_DEVOPS_TOKEN: token,
      AZURE_DEVOPS_RETRY_BASE_MS: '10',
      LOG_LEVEL: 'debug',
      ...options.env,
    };
    const destination = { write: (line: string) => void this.logs.push(line) };
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      const handle = createBus({ backend: 'embedded', embedded: this.bus });
      const logger = createLogger({ service: 'build-trigger', level: 'debug', secrets: [token], destination });
      this.replicas.push(await startBuildTrigger({ bus: options.wrapBus ? options.wrapBus(handle) : handle, env, port: 0, logger }));
    }
  }

  /** A fixture as the ingress would publish it, its URLs pointing at the test server. */
  hookEvent(fixture = mergedFixture, change: (payload: Record<string, any>) => void = () => undefined, orgUrl = this.orgUrl): EventEnvelope {
    const text = JSON.stringify(readFixtureJson(fixture)).replace(
      /https:\/\/(?:dev\.azure\.com\/fabrikam|fabrikam\.visualstudio\.com)(?:\/DefaultCollection)?\//g,
      orgUrl,
    );
    const payload = JSON.parse(text) as Record<string, any>;
    change(payload);
    return normalizeServiceHook(payload);
  }

  publish(event: EventEnvelope): Promise<void> {
    return this.bus.publisher.publish(event);
  }

  builds() {
    return [...this.org.builds.values()];
  }

  /** Waits until the service logged `msg` for the event `eventId`: the proof that it handled that event. */
  waitForLog(msg: string, eventId: string): Promise<true> {
    return waitFor(() => this.logs.some((line) => line.includes(`"eventId":"${eventId}"`) && line.includes(`"msg":"${msg}"`)) || undefined, `"${msg}" for ${eventId}`);
  }

  queueCalls() {
    return this.server.callsMatching(/\/_apis\/build\/builds$/, 'POST');
  }

  async close(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.close()));
    this.outcomes?.stop();
    await this.bus?.close();
    await this.server?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
