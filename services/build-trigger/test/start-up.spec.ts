import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { runEntryPoint } from '@switchyard/testing';
import { ConfigError, RulesFileError, startBuildTrigger } from '../src';

const okRules = `
organizations:
  https://dev.azure.com/contoso/: { tokenVariable: CONTOSO_TOKEN }
rules:
  - name: a
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: d }
      - { organization: "https://dev.azure.com/contoso", project: P, definition: 1 }
`;

describe('start-up checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-trigger-start-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const bus = createTestBus();
  const logger = createLogger({ service: 'build-trigger', level: 'silent' });
  const baseEnv = { ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/,https://dev.azure.com/contoso/', AZURE_DEVOPS_TOKEN: 'pat-1234567', CONTOSO_TOKEN: 'pat-7654321' };
  afterAll(async () => {
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an invalid rules file, listing each problem with its line', async () => {
    const path = file('bad.yaml', 'rules:\n  - name: a\n    when: { event: pullrequest.merged, repository: "(" }\n    queue: []\n');
    const start = startBuildTrigger({ bus, logger, env: { ...baseEnv, TRIGGER_RULES_FILE: path } });
    await expect(start).rejects.toBeInstanceOf(RulesFileError);
    await expect(start).rejects.toThrow(`${path}:4:12 rules[0].queue: needs at least one target`);
  });

  it.each([
    ['CONTOSO_TOKEN', 'named in the organizations map'],
    ['AZURE_DEVOPS_TOKEN', 'the default for targets without their own'],
    ['ALLOWED_ORG_URLS', 'the allow-list'],
  ])('names %s (%s) when it is missing', async (variable) => {
    const env: Record<string, string> = { ...baseEnv, TRIGGER_RULES_FILE: file('ok.yaml', okRules) };
    delete env[variable];
    await expect(startBuildTrigger({ bus, logger, env })).rejects.toThrow(variable);
  });

  // Every variable a target can take its token from is checked here, so no build ever reaches
  // Azure DevOps (or the dead letters, as BUILD_TRIGGER.TOKEN_MISSING) without its token.
  describe("a target's own tokenVariable", () => {
    const ownTokenRules = `
rules:
  - name: release-pipelines
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: d, tokenVariable: RELEASE_PIPELINES_TOKEN }
`;

    it.each([
      ['not set', undefined],
      ['blank', '   '],
    ])('refuses to start, naming the variable and the rules file, when it is %s', async (_how, value) => {
      const path = file(`own-token-${value === undefined ? 'unset' : 'blank'}.yaml`, ownTokenRules);
      const env = { ...baseEnv, TRIGGER_RULES_FILE: path, ...(value !== undefined && { RELEASE_PIPELINES_TOKEN: value }) };
      const start = startBuildTrigger({ bus, logger, env });
      await expect(start).rejects.toThrow(
        new ConfigError(
          'RELEASE_PIPELINES_TOKEN',
          `is required by ${path}: set it to an Azure DevOps personal access token with Build (read & execute) scope, ` +
            'or leave TRIGGER_RULES_FILE unset to run without build-trigger rules',
        ),
      );
    });

    it('main.ts exits 1 naming it, and prints none of the tokens that are set', async () => {
      const path = file('own-token-main.yaml', ownTokenRules);
      const run = runEntryPoint('services/build-trigger/src/main.ts', [], { ...baseEnv, BUS: 'embedded', TRIGGER_RULES_FILE: path, PORT: '0', RELEASE_PIPELINES_TOKEN: undefined });
      // Should it start after all, stop it rather than wait for an exit that never comes.
      const stopIfStarted = run.waitForOutput(/build-trigger started/, 25_000).then(() => run.child.kill('SIGTERM'), () => undefined);
      expect(await run.exited).toEqual({ code: 1, signal: null });
      await stopIfStarted;
      expect(run.output()).toContain(`RELEASE_PIPELINES_TOKEN: is required by ${path}`);
      // The service alone needs its rules: no hint to run without them.
      expect(run.output()).not.toContain('TRIGGER_RULES_FILE unset');
      expect(run.output()).not.toContain('build-trigger started');
      expect(run.output()).not.toContain(baseEnv.AZURE_DEVOPS_TOKEN);
      expect(run.output()).not.toContain(baseEnv.CONTOSO_TOKEN);
    }, 30_000);
  });

  it('refuses a target organization outside ALLOWED_ORG_URLS before any request', async () => {
    const env = { ...baseEnv, ALLOWED_ORG_URLS: 'https://dev.azure.com/fabrikam/', TRIGGER_RULES_FILE: file('contoso.yaml', okRules) };
    await expect(startBuildTrigger({ bus, logger, env })).rejects.toThrow(
      /ALLOWED_ORG_URLS: rule "a" \(.*contoso.yaml:9\) queues builds in https:\/\/dev.azure.com\/contoso\/, which is not in ALLOWED_ORG_URLS/,
    );
  });

  it('says so when ALLOWED_ORG_URLS lists the target organization under its other host form', async () => {
    const env = { ...baseEnv, ALLOWED_ORG_URLS: 'https://contoso.visualstudio.com/', TRIGGER_RULES_FILE: file('contoso-forms.yaml', okRules) };
    await expect(startBuildTrigger({ bus, logger, env })).rejects.toThrow(
      'ALLOWED_ORG_URLS lists this organization as https://contoso.visualstudio.com/; add https://dev.azure.com/contoso/ too, the form this URL uses.',
    );
  });

  it('requires TRIGGER_RULES_FILE when asked to (main.ts), and otherwise runs without rules', async () => {
    await expect(startBuildTrigger({ bus, logger, env: {}, requireRules: true })).rejects.toThrow(new ConfigError('TRIGGER_RULES_FILE', 'is required: the path of the build-trigger rules YAML file'));
    const idle = await startBuildTrigger({ bus, logger, env: {} });
    expect(idle.config.warnings).toEqual(['TRIGGER_RULES_FILE is not set: no build-trigger rules, no build will be queued']);
    await idle.close();
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    const service = await startBuildTrigger({ bus, logger, env: { ...baseEnv, TRIGGER_RULES_FILE: file('ok2.yaml', okRules) }, port: 0 });
    try {
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${service.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      expect(await (await fetch(`${service.url}/metrics`)).text()).toContain('switchyard_build_trigger_builds_total');
    } finally {
      await service.close();
    }
  });

  it('main.ts exits 1 with the rules problem when run alone with a broken file', async () => {
    const path = file('broken.yaml', 'rules:\n  - name: a\n    when: { event: pullrequest.closed }\n    queue: [{ project: P, definition: d }]\n');
    const run = runEntryPoint('services/build-trigger/src/main.ts', [], { ...baseEnv, BUS: 'embedded', TRIGGER_RULES_FILE: path, PORT: '0' });
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toContain(`${path}:3:20 rules[0].when.event: must be one of`);
    expect(run.output()).toContain(`Invalid build-trigger rules file ${path} (TRIGGER_RULES_FILE):\n  ${path}:3:20`);
    expect(run.output()).not.toContain('pat-1234567');
  }, 30_000);
});
