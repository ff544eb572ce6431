import { AzureDevOpsClient, type AzureDevOpsClientOptions } from '../client/azure-devops-client';
import { patCredential, type AzureDevOpsCredential } from '../client/credentials';
import { AzureDevOpsTestServer, type AzureDevOpsTestServerOptions } from '../test-server';

export const TOKEN = 'pat-0123456789abcdefghijklmnopqrstuvwxyz-SECRET';
export const PROJECT = 'Fabrikam-Fiber';

export interface Harness {
  ado: AzureDevOpsTestServer;
  client: AzureDevOpsClient;
  orgUrl: string;
  waits: number[];
  org(credential?: AzureDevOpsCredential): ReturnType<AzureDevOpsClient['forOrganization']>;
}

/** A test server plus a client allow-listed for its `fabrikam` org; retries wait 0 ms but are recorded. */
export async function startHarness(
  clientOptions: Partial<AzureDevOpsClientOptions> = {},
  serverOptions: AzureDevOpsTestServerOptions = {},
  orgName = 'fabrikam',
): Promise<Harness> {
  const ado = await AzureDevOpsTestServer.start(serverOptions);
  const orgUrl = ado.orgUrl(orgName);
  const waits: number[] = [];
  const client = new AzureDevOpsClient({
    allowedOrgUrls: [orgUrl],
    timeoutMs: 2_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...clientOptions,
  });
  return {
    ado,
    client,
    orgUrl,
    waits,
    org: (credential = patCredential(TOKEN)) => client.forOrganization(orgUrl, credential),
  };
}

/** Retries a few times with short waits (recorded, not slept, unless the test passes its own sleep). */
export function quickRetry(maxAttempts: number): AzureDevOpsClientOptions['retry'] {
  return { maxAttempts, baseDelayMs: 10, maxDelayMs: 100, maxElapsedMs: 30_000 };
}

/** A build of a `CI` definition in the harness's `fabrikam` project; returns its id. */
export function addCiBuild(h: Harness): number {
  const org = h.ado.org('fabrikam');
  return org.addBuild({ project: PROJECT, definitionId: org.addDefinition({ project: PROJECT, name: 'CI' }).id }).id;
}

/** Every form in which a token could leak from an error object. */
export function everyRendering(error: unknown): string {
  const err = error as Error;
  const renderings = [String(err?.message), String(err?.stack), JSON.stringify(err), require('node:util').inspect(err, { depth: 10 })].join('\n');
  // A secret written with JSON escapes (\u0070, \/) is as readable as the secret itself.
  return `${renderings}\n${renderings.replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\+\//g, '/')}`;
}

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
