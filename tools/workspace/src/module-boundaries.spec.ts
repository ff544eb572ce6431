import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const workspaceRoot = join(__dirname, '..', '..', '..');
const eslintBin = join(workspaceRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintResult {
  messages: { ruleId: string | null; message: string }[];
}

/**
 * Lints a made-up file placed inside a project with the workspace's own ESLint config
 * (the same rules `nx lint` applies) and returns the module-boundary messages.
 */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [eslintBin, '--format', 'json', '--stdin', '--stdin-filename', join(workspaceRoot, filePath)],
    { cwd: workspaceRoot, input: code, encoding: 'utf8' },
  );
  if (!run.stdout) throw new Error(`eslint did not run: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return result.messages
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

describe('module boundaries', () => {
  beforeAll(async () => {
    // The rule reads the cached project graph; make sure it exists and is current.
    await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  it('forbids a service importing another service', async () => {
    const errors = await boundaryErrors(
      'services/build-trigger/src/boundary-probe.ts',
      "import { startIngress } from '@switchyard/ingress';\nexport const probe = startIngress;\n",
    );
    expect(errors.join('\n')).toMatch(/forbidden|type:service/);
  });

  it('forbids a library importing a service', async () => {
    const errors = await boundaryErrors(
      'libs/messaging/src/boundary-probe.ts',
      "import { startIngress } from '@switchyard/ingress';\nexport const probe = startIngress;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it('forbids the contracts importing a framework or Azure package', async () => {
    for (const banned of ['@nestjs/common', '@azure/service-bus', 'azure-devops-node-api', 'fastify']) {
      const errors = await boundaryErrors(
        'libs/contracts/src/boundary-probe.ts',
        `import * as banned from '${banned}';\nexport const probe = banned;\n`,
      );
      expect(errors.join('\n')).toMatch(/banned|not allowed|imports of/i);
    }
  });

  it('lets only the all-in-one runner compose the services', async () => {
    const errors = await boundaryErrors(
      'services/all-in-one/src/boundary-probe.ts',
      "import { startIngress } from '@switchyard/ingress';\nexport const probe = startIngress;\n",
    );
    expect(errors).toEqual([]);
  });

  it('lets a service use the libraries', async () => {
    const errors = await boundaryErrors(
      'services/build-trigger/src/boundary-probe.ts',
      "import { createEvent } from '@switchyard/contracts';\nexport const probe = createEvent;\n",
    );
    expect(errors).toEqual([]);
  });

  it('lets the contracts use zod', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/boundary-probe.ts',
      "import { z } from 'zod';\nexport const probe = z;\n",
    );
    expect(errors).toEqual([]);
  });
});
