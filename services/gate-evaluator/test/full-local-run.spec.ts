import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { waitFor } from '@switchyard/messaging/testing';
import { isProcessAlive, runEntryPoint, type RunningProcess } from '@switchyard/testing';
import { AUTH_TOKEN, CMDLINE_TASK, seedBuild } from './evaluator-harness';

const HOOK_KEY = 'gate-test-key-0123456789abcdef';

describe('full local run (npm start): a POSTed check ends in one TaskCompleted', () => {
  let ado: AzureDevOpsTestServer;
  let dataDir: string;
  let run: RunningProcess | undefined;
  let azuritePid: number | undefined;

  beforeAll(async () => {
    ado = await AzureDevOpsTestServer.start({ acceptTokens: [AUTH_TOKEN], knownPlansOnly: true });
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-gates-local-'));
  });

  afterAll(async () => {
    // Only when the test failed half-way: never leave our own children behind.
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    if (azuritePid && isProcessAlive(azuritePid)) process.kill(azuritePid, 'SIGKILL');
    await ado.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acknowledges the check through the ingress, evaluates it in the evaluator and posts the decision', async () => {
    const org = ado.org('fabrikam');
    const projectId = org.addProject('Fabrikam').id;
    seedBuild(org, 7, [{ type: 'Task', name: 'CmdLine', state: 'completed', result: 'succeeded', task: { id: CMDLINE_TASK, name: 'CmdLine', version: '2.0.0' } }]);
    const policiesFile = join(dataDir, 'gates.yaml');
    writeFileSync(policiesFile, `policies:\n  require-cmdline: { type: required-task, taskId: ${CMDLINE_TASK} }\n`);

    run = runEntryPoint('services/all-in-one/src/main.ts', [], {
      PORT: '0',
      SWITCHYARD_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      HOOK_KEYS: `pipelines:${HOOK_KEY}`,
      GATE_POLICIES_FILE: policiesFile,
      ALLOWED_ORG_URLS: ado.orgUrl('fabrikam'),
      GATE_TOKEN_KEY: undefined,
      STORAGE_CONNECTION_STRING: undefined,
    });

    const ready = await run.waitForOutput(/switchyard ready: (.*) · Ctrl-C to stop\n/, 60_000);
    expect(ready[1]).toContain('gate-evaluator');
    const ingressUrl = /ingress (http:\/\/127\.0\.0\.1:\d+)/.exec(ready[1])![1];
    azuritePid = Number(/\(pid (\d+)\)/.exec(ready[1])?.[1]);

    const ids = { PlanId: randomUUID(), JobId: randomUUID(), TimelineId: randomUUID(), TaskInstanceId: randomUUID() };
    // The run's plan, as Azure Pipelines has it before it calls the check: a call to any other plan gets 404.
    org.plan(projectId, 'checks', ids.PlanId);
    const response = await fetch(`${ingressUrl}/checks/require-cmdline`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`pipelines:${HOOK_KEY}`).toString('base64')}`,
        PlanUrl: ado.orgUrl('fabrikam'),
        ProjectId: projectId,
        HubName: 'checks',
        AuthToken: AUTH_TOKEN,
        BuildId: '7',
        ...ids,
      },
      body: '{}',
    });
    expect(response.status).toBe(200);

    const events = await waitFor(() => {
      const received = org.planById(ids.PlanId)?.events ?? [];
      return received.length > 0 ? received : undefined;
    }, 'the TaskCompleted event', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(org.planById(ids.PlanId)?.events).toEqual([{ name: 'TaskCompleted', taskId: ids.TaskInstanceId, jobId: ids.JobId, result: 'succeeded' }]);
    expect(events).toHaveLength(1);
    // The decision's line is written right after the post.
    await waitFor(() => org.planById(ids.PlanId)?.logs[0]?.content.includes('Evaluation 1: approved') || undefined, 'the decision in the check log');

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const output = run.output();
    // The token went to Azure DevOps only: never to the terminal.
    expect(output).toContain('check request accepted');
    expect(output).not.toContain('pipeline-access-token');
    if (azuritePid) expect(isProcessAlive(azuritePid)).toBe(false);
  }, 90_000);
});
