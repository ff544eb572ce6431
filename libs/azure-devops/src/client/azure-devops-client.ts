import { createHash } from 'node:crypto';
import { AzureDevOpsError, AzureDevOpsErrorCodes } from '../errors/azure-devops-error';
import { OrgAllowList, normalizeOrgUrl } from './allow-list';
import type { AzureDevOpsConfig } from './config';
import type { AzureDevOpsCredential } from './credentials';
import { DiscoveryCache } from './discovery-cache';
import { OrganizationClient } from './organization-client';
import { OrganizationConnection } from './organization-connection';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy';

export interface AzureDevOpsClientOptions {
  /** Organization / collection base URLs calls may go to (see ALLOWED_ORG_URLS). */
  allowedOrgUrls: readonly string[] | OrgAllowList;
  /** Used by forOrganization() when no credential is passed. */
  defaultCredential?: AzureDevOpsCredential;
  /** Per-attempt deadline (connect, request, headers and whole body); the attempt is aborted when it passes. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long findBuildDefinition remembers a name → id hit (default 5 min; 0 disables). */
  definitionCacheTtlMs?: number;
  userAgent?: string;
  /**
   * Keep connections for later forOrganization() calls with the same org + credential (default true).
   * Off for credentials that must not outlive their use, such as a pipeline's AuthToken: each call then
   * builds a connection only its OrganizationClient holds. API location answers are shared either way.
   */
  reuseConnections?: boolean;
  /** Test seam: replaces the wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

const MAX_CACHED_CONNECTIONS = 100;

/**
 * Entry point: one per process. Hands out OrganizationClients bound to an allow-listed org URL and
 * a credential; connections are reused per org + token (unless `reuseConnections` is false), their
 * discovered API locations per org.
 */
export class AzureDevOpsClient {
  readonly allowList: OrgAllowList;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly discovery: DiscoveryCache;
  private readonly connections = new Map<string, OrganizationConnection>();

  // Private field so that inspecting/logging the client never prints defaultCredential.
  readonly #options: AzureDevOpsClientOptions;

  constructor(options: AzureDevOpsClientOptions) {
    this.#options = options;
    this.allowList = options.allowedOrgUrls instanceof OrgAllowList ? options.allowedOrgUrls : new OrgAllowList(options.allowedOrgUrls);
    this.retry = resolveRetryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.discovery = new DiscoveryCache(options.definitionCacheTtlMs);
  }

  static fromConfig(config: AzureDevOpsConfig, extra: Partial<AzureDevOpsClientOptions> = {}): AzureDevOpsClient {
    return new AzureDevOpsClient({
      allowedOrgUrls: config.allowedOrgUrls,
      defaultCredential: config.defaultCredential,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
      ...extra,
    });
  }

  /** Whether forOrganization(orgUrl) gets past ALLOWED_ORG_URLS: the URL read as it reads it (false for one it refuses as malformed). */
  isAllowed(orgUrl: string): boolean {
    try {
      return this.allowList.isAllowed(normalizeOrgUrl(orgUrl));
    } catch {
      return false;
    }
  }

  /**
   * Throws `AZURE_DEVOPS.ORG_NOT_ALLOWED` at once (no request made) when orgUrl is not allow-listed,
   * and `AZURE_DEVOPS.INVALID_ARGUMENT` when no credential is given and none is configured.
   */
  forOrganization(orgUrl: string, credential?: AzureDevOpsCredential): OrganizationClient {
    const url = normalizeOrgUrl(orgUrl).href;
    this.allowList.assertAllowed(url, 'CONNECT');
    const chosen = credential ?? this.#options.defaultCredential;
    if (!chosen?.token) {
      throw new AzureDevOpsError(
        AzureDevOpsErrorCodes.INVALID_ARGUMENT,
        `No credential for ${url}: pass one (e.g. the check's AuthToken as bearerCredential) or set AZURE_DEVOPS_TOKEN.`,
        { url },
      );
    }
    return new OrganizationClient(this.connection(url, chosen));
  }

  private connection(url: string, credential: AzureDevOpsCredential): OrganizationConnection {
    if (this.#options.reuseConnections === false) return this.connect(url, credential);
    const key = `${url}|${credential.kind}|${createHash('sha256').update(credential.token).digest('hex')}`;
    const existing = this.connections.get(key);
    if (existing) {
      // Refresh recency so the map behaves as an LRU.
      this.connections.delete(key);
      this.connections.set(key, existing);
      return existing;
    }
    const created = this.connect(url, credential);
    this.connections.set(key, created);
    if (this.connections.size > MAX_CACHED_CONNECTIONS) {
      this.connections.delete(this.connections.keys().next().value as string);
    }
    return created;
  }

  private connect(url: string, credential: AzureDevOpsCredential): OrganizationConnection {
    return new OrganizationConnection({
      orgUrl: url,
      credential,
      guard: { allowList: this.allowList, retry: this.retry, sleep: this.#options.sleep },
      timeoutMs: this.timeoutMs,
      userAgent: this.#options.userAgent ?? 'switchyard-azure-devops',
      discovery: this.discovery,
    });
  }
}
