import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { type Harness, KEYS, startHarness } from './ingress-harness';

/** The pipeline AuthToken the check calls of the tests carry: a live credential, never to be seen again. */
export const AUTH_TOKEN = 'eyJ0eXAiOiJKV1QifQ.live-pipeline-token-for-48-hours.sig';

/** A GATE_POLICIES_FILE with require-cmdline (callback), manual-only (sync) and any `more` lines. */
export function writePoliciesFile(more = ''): string {
  const file = join(mkdtempSync(join(tmpdir(), 'checks-')), 'gates.yaml');
  writeFileSync(
    file,
    `policies:
  require-cmdline: { type: required-task, taskId: D9BAFED4-0B18-4F58-968D-86655B4D2CE9 }
  manual-only:     { type: build-reason, allowed: [Manual] }
${more}`,
  );
  return file;
}

/**
 * The headers Azure Pipelines sends with a callback check call (as in docs/gate-evaluator.md), with a
 * hook key; `overrides` replace or (undefined) remove any of them.
 */
export function checkCallHeaders<T>(orgUrl: string, overrides: Record<string, T | undefined> = {}): Record<string, string | T> {
  const headers: Record<string, string | T | undefined> = {
    'x-hook-key': KEYS.prod,
    PlanUrl: orgUrl,
    ProjectId: '6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c',
    HubName: 'checks',
    PlanId: '5f6ef0f1-0d18-4a5e-9a41-2fd18e4d41a5',
    JobId: '2c6a53f1-5e1a-4a8f-a3ce-6b2a0d3a6d10',
    TimelineId: '0a4f1d1c-4d55-4fd0-8a07-7b7e0c1f5e21',
    TaskInstanceId: '8bd1a5b4-8c19-4e53-a3a6-8f5d5b7e0a33',
    AuthToken: AUTH_TOKEN,
    BuildId: '42',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string | T] => entry[1] !== undefined));
}

export interface CheckHarness {
  h: Harness;
  /** The Azure DevOps the check calls name (organization fabrikam is allowed). */
  ado: AzureDevOpsTestServer;
  orgUrl: string;
  close(): Promise<void>;
}

/**
 * An ingress taking check calls: the policies file and token key given, ALLOWED_ORG_URLS the
 * fabrikam organization of a fresh Azure DevOps test server, plus `env` and the bus override.
 */
export async function startCheckHarness(
  policiesFile: string,
  tokenKey: string,
  options: { env?: Record<string, string>; bus?: Parameters<typeof startHarness>[1] } = {},
): Promise<CheckHarness> {
  const ado = await AzureDevOpsTestServer.start();
  const orgUrl = ado.orgUrl('fabrikam');
  const h = await startHarness({ GATE_POLICIES_FILE: policiesFile, GATE_TOKEN_KEY: tokenKey, ALLOWED_ORG_URLS: orgUrl, ...options.env }, options.bus);
  return {
    h,
    ado,
    orgUrl,
    close: async () => {
      await h.close();
      await ado.close();
    },
  };
}
