import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { type FaultSpec, FaultPlan } from './faults';
import { OrgState } from './org-state';
import type { RouteContext, RouteHandler, RouteResult } from './route-context';
import { fail } from './route-context';
import { apiVersionProblem, faultResult, readBody, rejectedCredentials, send, tokenOf, tryJson } from './http-io';
import { sendTrickling, sendTruncated } from './answer-faults';
import { buildRoute } from './routes/build-routes';
import { coverageRoute } from './routes/coverage-routes';
import { discoveryRoute } from './routes/discovery-routes';
import { taskRoute } from './routes/task-routes';
import { workItemRoute } from './routes/work-item-routes';

export interface RecordedCall {
  method: string;
  /** Path as sent (not decoded), without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** Parsed body when it was JSON. */
  json?: unknown;
  /** Organization key: `fabrikam`, or `tfs/DefaultCollection` for on-prem paths. */
  org?: string;
  status?: number;
}

export interface AzureDevOpsTestServerOptions {
  /**
   * When set, only these tokens are accepted (as `Bearer <token>` or Basic with any user name). Other
   * calls are refused as dev.azure.com refuses them: 401 when the request says
   * `X-TFS-FedAuthRedirect: Suppress`, otherwise 203 with an HTML sign-in page. When omitted every call
   * is accepted.
   */
  acceptTokens?: readonly string[];
  /**
   * Answer 400 like the real service when the api-version (query or Accept header) is missing, malformed,
   * above 7.2, or above 7.1 without `-preview`. Default true.
   */
  requireApiVersion?: boolean;
  /** Serve HTTPS with this key and certificate (PEM), as Azure DevOps does; plain HTTP when omitted. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /**
   * Answer 404 for a task plan (project, hub and plan id together) that was not seeded with
   * `org(…).plan(…)`, as Azure DevOps does; by default a plan is created on first use.
   */
  knownPlansOnly?: boolean;
  /** Listen on this loopback port (e.g. one a client already failed to connect to); a random free port when omitted. */
  port?: number;
}

const ROUTES: RouteHandler[] = [discoveryRoute, buildRoute, workItemRoute, taskRoute, coverageRoute];

/**
 * An in-process stand-in for Azure DevOps Services / Server on a random loopback port. Paths are
 * `/{org}/…` (cloud) or `/tfs/{collection}/…` (on-prem); each organization has its own state.
 */
export class AzureDevOpsTestServer {
  readonly calls: RecordedCall[] = [];
  readonly faults = new FaultPlan();
  private connections = 0;
  private readonly orgs = new Map<string, OrgState>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private server?: Server;
  private baseUrl?: string;

  constructor(private readonly options: AzureDevOpsTestServerOptions = {}) {}

  static async start(options?: AzureDevOpsTestServerOptions): Promise<AzureDevOpsTestServer> {
    return new AzureDevOpsTestServer(options).start();
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const handler = (request: IncomingMessage, response: ServerResponse) => void this.handle(request, response);
    const tls = this.options.tls;
    const server: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
    server.on('connection', (socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Connections accepted, including those whose TLS handshake the client then broke off (no call is recorded for them). */
  get connectionCount(): number {
    return this.connections;
  }

  /** `http://127.0.0.1:<port>`, or `https://…` with `tls` (no trailing slash). */
  get url(): string {
    if (!this.baseUrl) throw new Error('AzureDevOpsTestServer: call start() first');
    return this.baseUrl;
  }

  /** Base URL of an organization (`orgUrl('fabrikam')`) or collection (`orgUrl('tfs/DefaultCollection')`), with trailing slash. */
  orgUrl(name: string): string {
    return `${this.url}/${name.replace(/^\/+|\/+$/g, '')}/`;
  }

  /** State of one organization, created on first use. */
  org(name: string): OrgState {
    const key = name.replace(/^\/+|\/+$/g, '');
    let state = this.orgs.get(key.toLowerCase());
    if (!state) {
      state = new OrgState(key, this.options.knownPlansOnly);
      this.orgs.set(key.toLowerCase(), state);
    }
    return state;
  }

  /** The next `times` calls matching the rule fail / stall / reset as described. */
  inject(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  callsMatching(path: string | RegExp, method?: string): RecordedCall[] {
    return this.calls.filter(
      (call) =>
        (!method || call.method === method.toUpperCase()) &&
        (typeof path === 'string' ? call.path.toLowerCase().includes(path.toLowerCase()) : path.test(call.path)),
    );
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    // Injected delays must not keep the process (or Jest) alive after close.
    for (const pending of this.timers) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    this.timers.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', this.url);
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: body.toString('utf8'),
      json: tryJson(body),
    };
    this.calls.push(call);
    const fault = this.faults.take(method, url.pathname);
    // Processed before the fault: the work is done whatever happens to the answer.
    const processed = fault?.afterProcessing ? this.route(request, method, url, body, call) : undefined;
    if (processed) call.status = processed.status;
    if (fault?.delayMs) await this.sleep(fault.delayMs);
    if (fault?.reset) {
      request.socket.destroy();
      return;
    }
    if (response.destroyed || request.socket.destroyed) return;
    const result = fault?.status ? faultResult(fault) : (processed ?? this.route(request, method, url, body, call));
    call.status = result.status;
    if (fault?.truncateBodyAt !== undefined) sendTruncated(response, result, fault.truncateBodyAt);
    else if (fault?.trickleMs) await sendTrickling(response, result, fault.trickleMs, (ms) => this.sleep(ms));
    else send(response, result);
  }

  private route(request: IncomingMessage, method: string, url: URL, body: Buffer, call: RecordedCall): RouteResult {
    const split = url.pathname.split('/_apis/');
    if (split.length < 2) return fail(404, `No Azure DevOps API at ${url.pathname}.`);
    const prefix = split[0].split('/').filter(Boolean).map(decodeURIComponent);
    const onPrem = prefix[0]?.toLowerCase() === 'tfs';
    const orgName = onPrem ? prefix.slice(0, 2).join('/') : prefix[0];
    if (!orgName || (onPrem && prefix.length < 2)) return fail(404, 'The path has no organization or collection before _apis.');
    call.org = orgName;
    const unauthorized = this.checkAuth(request.headers);
    if (unauthorized) return unauthorized;
    const versionProblem = method !== 'OPTIONS' && this.options.requireApiVersion !== false ? apiVersionProblem(method, url, request.headers) : undefined;
    if (versionProblem) return versionProblem;
    const apiRaw = split.slice(1).join('/_apis/').split('/').filter(Boolean).map(decodeURIComponent);
    const context: RouteContext = {
      method,
      api: apiRaw.map((segment) => segment.toLowerCase()),
      apiRaw,
      scope: prefix[onPrem ? 2 : 1],
      query: url.searchParams,
      headers: request.headers,
      body,
      org: this.org(orgName),
      orgUrl: this.orgUrl(orgName),
    };
    for (const route of ROUTES) {
      const result = route(context);
      if (result) return result;
    }
    return fail(404, `The test server has no route for ${method} ${url.pathname}.`, 'RouteNotFoundException');
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.timers.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(pending);
    });
  }

  private checkAuth(headers: IncomingHttpHeaders): RouteResult | undefined {
    const accepted = this.options.acceptTokens;
    if (!accepted) return undefined;
    const token = tokenOf(headers.authorization);
    if (token !== undefined && accepted.includes(token)) return undefined;
    return rejectedCredentials(headers);
  }
}
