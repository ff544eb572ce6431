import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureDevOpsTestServer } from '@switchyard/azure-devops/test-server';
import { waitFor } from '@switchyard/messaging/testing';
import { isProcessAlive, readFixtureBytes, runEntryPoint, type RunningProcess } from '@switchyard/testing';

const hookSecret = 'local-run-hook-secret-0123456789';
const pat = 'local-run-pat-0123456789';

describe('npm start with TRIGGER_RULES_FILE: a POSTed hook ends in one queued build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-trigger-local-'));
  let server: AzureDevOpsTestServer;
  let run: RunningProcess | undefined;
  let azuritePid: number | undefined;

  afterAll(async () => {
    if (run && run.child.exitCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    if (azuritePid && isProcessAlive(azuritePid)) process.kill(azuritePid, 'SIGKILL');
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the whole chain: ingress → bus → build trigger → Azure DevOps test server', async () => {
    server = await AzureDevOpsTestServer.start({ acceptTokens: [pat] });
    const orgUrl = server.orgUrl('fabrikam');
    server.org('fabrikam').addDefinition({ project: 'Fabrikam', name: 'app-ci', id: 7 });
    const rulesFile = join(dir, 'rules.yaml');
    writeFileSync(
      rulesFile,
      `rules:
  - name: app-on-lib-merge
    when: { event: pullrequest.merged, repository: "^Fabrikam$", targetBranch: master, status: completed }
    queue:
      - { project: Fabrikam, definition: app-ci, parameters: { libCommit: "\${pr.lastMergeCommit}" } }
`,
    );
    run = runEntryPoint('services/all-in-one/src/main.ts', [], {
      PORT: '0',
      SWITCHYARD_DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'warn',
      HOOK_KEYS: `local:${hookSecret}`,
      TRIGGER_RULES_FILE: rulesFile,
      ALLOWED_ORG_URLS: orgUrl,
      AZURE_DEVOPS_TOKEN: pat,
      STORAGE_CONNECTION_STRING: '',
      GATE_TOKEN_KEY: undefined,
    });
    const [ready] = await run.waitForOutput(/switchyard ready: .*\n/, 90_000);
    const ingressUrl = /ingress (http:\/\/127\.0\.0\.1:\d+)/.exec(ready)![1];
    azuritePid = Number(/\(pid (\d+)\)/.exec(ready)?.[1]) || undefined;

    const body = readFixtureBytes('hooks/go-playground-webhooks/git.pullrequest.merged.json')
      .toString('utf8')
      .replace(/https:\/\/dev\.azure\.com\/fabrikam\/DefaultCollection\//g, orgUrl);
    const post = () =>
      fetch(`${ingressUrl}/hooks/azure-devops?code=${hookSecret}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);

    const builds = await waitFor(() => {
      const found = [...server.org('fabrikam').builds.values()];
      return found.length > 0 ? found : undefined;
    }, 'a build queued at the test server', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...server.org('fabrikam').builds.values()]).toHaveLength(1);
    expect(builds[0]).toMatchObject({ definitionId: 7, templateParameters: { libCommit: 'eef717f69257a6333f221566c1c987dc94cc0d72' } });
    expect(server.callsMatching(/\/_apis\/build\/builds$/, 'POST')).toHaveLength(1);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain(pat);
  }, 120_000);
});
