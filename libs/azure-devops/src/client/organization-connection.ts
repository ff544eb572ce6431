import { BuildApi } from 'azure-devops-node-api/BuildApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { TaskApi } from 'azure-devops-node-api/TaskApi';
import { TestApi } from 'azure-devops-node-api/TestApi';
import { WorkItemTrackingApi } from 'azure-devops-node-api/WorkItemTrackingApi';
import type { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { ResourceAreaInfo } from 'azure-devops-node-api/interfaces/LocationsInterfaces';
import { credentialHandler, type AzureDevOpsCredential } from './credentials';
import { type GuardContext, type RawHttpClient, guardHttpClient } from './guarded-http';
import { normalizeOrgUrl, sameCloudOrganization } from './allow-list';
import type { DiscoveryCache } from './discovery-cache';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { redactSecrets } from '../errors/redact';

type ApiConstructor<T> = new (baseUrl: string, handlers: IRequestHandler[], options?: IRequestOptions, userAgent?: string) => T;

export interface OrganizationConnectionOptions {
  readonly orgUrl: string;
  readonly credential: AzureDevOpsCredential;
  readonly guard: Omit<GuardContext, 'secrets'>;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly discovery: DiscoveryCache;
}

/**
 * azure-devops-node-api clients for one organization and one credential. Every HttpClient those
 * clients own is guarded before its first use, so no request can leave without the allow-list check.
 */
export class OrganizationConnection {
  readonly orgUrl: string;
  // ECMAScript private fields: invisible to util.inspect / JSON.stringify, so logging a client
  // object cannot print the token held in the options and the redaction list.
  readonly #options: OrganizationConnectionOptions;
  readonly #handlers: IRequestHandler[];
  readonly #requestOptions: IRequestOptions;
  readonly #guard: GuardContext;
  readonly #apis = new Map<string, Promise<ClientApiBase>>();
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(options: OrganizationConnectionOptions) {
    this.#options = options;
    this.orgUrl = normalizeOrgUrl(options.orgUrl).href;
    options.guard.allowList.assertAllowed(this.orgUrl, 'CONNECT');
    this.#handlers = [credentialHandler(options.credential)];
    // Retries are ours (Retry-After aware); typed-rest-client's own would multiply them.
    this.#requestOptions = { socketTimeout: options.timeoutMs, allowRetries: false, maxRetries: 0, allowRedirects: true, maxRedirects: 3 };
    this.#guard = { ...options.guard, attemptTimeoutMs: options.timeoutMs, secrets: [options.credential.token] };
  }

  /**
   * Runs one client operation; anything that is not already an AzureDevOpsError (a location the
   * server does not offer, an unparseable body) becomes INVALID_RESPONSE, with the token redacted.
   */
  async run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AzureDevOpsError) throw error;
      const text = redactSecrets(String((error as Error)?.message ?? error), this.#guard.secrets);
      throw new AzureDevOpsError(
        AzureDevOpsErrorCodes.INVALID_RESPONSE,
        `${operation} against ${this.orgUrl} failed: ${text}. Check that the URL is an Azure DevOps organization or collection and that the server version supports this API.`,
        { url: this.orgUrl },
      );
    }
  }

  /**
   * Runs `fn` once for concurrent callers with the same key: they all get its result or error.
   * Per connection (so per credential): a caller never receives the answer another token got.
   */
  coalesce<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let pending = this.#inFlight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = fn().finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  /** Shared per organization URL (not per token), so every caller benefits from a lookup. */
  get definitionCache(): DiscoveryCache['definitions'] {
    return this.#options.discovery.definitions;
  }

  buildApi(): Promise<BuildApi> {
    return this.api('build', BuildApi.RESOURCE_AREA_ID, BuildApi);
  }

  workItemApi(): Promise<WorkItemTrackingApi> {
    return this.api('wit', WorkItemTrackingApi.RESOURCE_AREA_ID, WorkItemTrackingApi);
  }

  testApi(): Promise<TestApi> {
    return this.api('test', TestApi.RESOURCE_AREA_ID, TestApi);
  }

  /** distributedtask lives on the collection URL the pipeline hands us (PlanUrl); no area lookup. */
  taskApi(): Promise<TaskApi> {
    return this.api('distributedtask', undefined, TaskApi);
  }

  private api<T extends ClientApiBase>(key: string, resourceAreaId: string | undefined, Api: ApiConstructor<T>): Promise<T> {
    let pending = this.#apis.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.create(resourceAreaId, Api);
      pending.catch(() => this.#apis.delete(key));
      this.#apis.set(key, pending);
    }
    return pending;
  }

  private async create<T extends ClientApiBase>(resourceAreaId: string | undefined, Api: ApiConstructor<T>): Promise<T> {
    const baseUrl = resourceAreaId ? await this.resourceAreaUrl(resourceAreaId) : this.orgUrl;
    return this.guarded(new Api(baseUrl, this.#handlers, this.#requestOptions, this.#options.userAgent), baseUrl);
  }

  private guarded<T extends ClientApiBase>(api: T, baseUrl: string): T {
    // Every hop, redirects included, stays under the allow-list entry of this client's base URL.
    const guard = { ...this.#guard, scope: this.#guard.allowList.entryFor(baseUrl) };
    guardHttpClient(api.http as unknown as RawHttpClient, guard);
    guardHttpClient(api.rest.client as unknown as RawHttpClient, guard);
    // Location discovery answers do not depend on the credential: share them per base URL.
    const vso = api.vsoClient as unknown as { _locationsByAreaPromises: Record<string, unknown> };
    vso._locationsByAreaPromises = this.#options.discovery.locationsFor(baseUrl);
    return api;
  }

  /** Cloud organizations map areas to hosts via ResourceAreas; on-prem answers an empty list. */
  private async resourceAreaUrl(resourceAreaId: string): Promise<string> {
    const areas = await this.#options.discovery.resourceAreas(this.orgUrl, async () => {
      const locations = this.guarded(
        new LocationsApi(this.orgUrl, this.#handlers, this.#requestOptions, this.#options.userAgent),
        this.orgUrl,
      );
      return (await locations.getResourceAreas()) as ResourceAreaInfo[] | null;
    });
    // On-prem answers {"count":0,"value":null}, which the node api hands back as a non-array.
    const match = (Array.isArray(areas) ? areas : []).find((area) => area.id?.toLowerCase() === resourceAreaId.toLowerCase());
    if (!match?.locationUrl) return this.orgUrl;
    const url = normalizeOrgUrl(match.locationUrl).href;
    // The token may follow an area to another (allowed) host of the same cloud organization, such as
    // vsrm.dev.azure.com/{org}; never into another organization, even an allowed one.
    const scope = sameCloudOrganization(this.orgUrl, url) ? undefined : this.#guard.allowList.entryFor(this.orgUrl);
    this.#guard.allowList.assertAllowed(url, 'CONNECT', scope);
    return url;
  }
}
