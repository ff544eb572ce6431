import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, prunedLockfile, pruneService, type Lockfile } from './support/build-tools';
import { freePort } from './support/free-port';
import { repoRoot } from './support/render-overlay';

const services = ['ingress', 'badge-renderer', 'build-trigger', 'gate-evaluator'];
const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('tools/build/prune-service.mjs', () => {
  it('finds an entry point (src/main.ts) in every service', () => {
    for (const service of services) expect(existsSync(join(repoRoot, 'services', service, 'src/main.ts'))).toBe(true);
  });

  it.each(services)('plans %s from its main.ts and the project graph: itself first, then libs, run-time packages only', async (service) => {
    const plan = await pruneService(service);
    expect(plan.projects[0]).toEqual({ name: service, root: `services/${service}` });
    expect(plan.projects.slice(1).every((p) => p.root.startsWith('libs/'))).toBe(true);
    // Test helpers never ship: no project or package that only specs use.
    expect(plan.projects.map((p) => p.name)).not.toContain('testing');
    for (const [name, version] of Object.entries(plan.dependencies)) {
      expect(rootManifest.dependencies[name]).toBeDefined();
      expect(version).toMatch(/^\d+\.\d+\.\d+/);
    }
    expect(plan.dependencies).not.toHaveProperty('jest');
    expect(plan.dependencies).not.toHaveProperty('testcontainers');
    expect(plan.warnings).toEqual([]);
  }, 60_000);

  it('refuses a name that is not an application, listing the ones that are', async () => {
    await expect(pruneService('contracts')).rejects.toMatchObject({ stderr: expect.stringMatching(/"contracts" is not an application project; choose one of: .*ingress/) });
  }, 60_000);
});

describe('prunedLockfile (tools/build/prune-service.mjs)', () => {
  const manifest = { name: '@switchyard/x-image', version: '0.1.0', dependencies: { a: '1.0.0', c: '3.0.0' } };
  const lock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      '': { dependencies: { a: '^1.0.0', c: '^3.0.0', jest: '^30.0.0' } },
      'node_modules/a': { version: '1.0.0', dependencies: { b: '^2.0.0' }, optionalDependencies: { 'a-darwin': '1.0.0', 'a-gone': '1.0.0' } },
      'node_modules/a/node_modules/b': { version: '2.0.0' },
      'node_modules/a-darwin': { version: '1.0.0', optional: true },
      'node_modules/b': { version: '1.0.0', dev: true },
      'node_modules/c': { version: '3.0.0', dev: true, peerDependencies: { b: '*', d: '*' }, peerDependenciesMeta: { d: { optional: true } } },
      'node_modules/d': { version: '4.0.0', dev: true },
      'node_modules/jest': { version: '30.0.0', dev: true, dependencies: { b: '^1.0.0' } },
    },
  };

  it('keeps what the dependencies reach, where Node finds it, with the workspace versions', () => {
    const pruned = prunedLockfile(manifest, lock);
    expect(Object.keys(pruned.packages).sort()).toEqual(['', 'node_modules/a', 'node_modules/a-darwin', 'node_modules/a/node_modules/b', 'node_modules/b', 'node_modules/c']);
    expect(pruned.packages['']).toMatchObject({ name: manifest.name, dependencies: manifest.dependencies });
    expect(pruned.packages['node_modules/a/node_modules/b'].version).toBe('2.0.0');
  });

  it('recomputes the flags: nothing is dev (it would be left out by --omit=dev), optional only where optional dependencies alone lead', () => {
    const { packages } = prunedLockfile(manifest, lock);
    expect(Object.values(packages).filter((entry) => entry.dev || entry.devOptional || entry.peer)).toEqual([]);
    expect(Object.entries(packages).filter(([, entry]) => entry.optional).map(([path]) => path)).toEqual(['node_modules/a-darwin']);
  });

  it('refuses a lockfile that lacks a required package, or locks another version than the one installed', () => {
    const { ['node_modules/a/node_modules/b']: _nested, ['node_modules/b']: _top, ...withoutB } = lock.packages;
    expect(() => prunedLockfile(manifest, { ...lock, packages: withoutB })).toThrow(/package-lock\.json has no "b" where node_modules\/[ac] would find it; run npm install --package-lock-only/);
    expect(() => prunedLockfile({ ...manifest, dependencies: { a: '1.0.1' } }, lock)).toThrow(/locks a@1\.0\.0, but the installed version is 1\.0\.1/);
  });

  it('refuses a dependency that is a workspace package', () => {
    const linked: Lockfile = { ...lock, packages: { ...lock.packages, 'node_modules/c': { resolved: 'libs/c', link: true } } };
    expect(() => prunedLockfile(manifest, linked)).toThrow(/workspace package libs\/c/);
  });
});

describe.each(services)('the lockfile tools/build/build-service.mjs writes for %s', (service) => {
  let outDir = '';
  let lock: Lockfile;
  let manifest: { main: string; dependencies: Record<string, string> };
  beforeAll(async () => {
    outDir = join(mkdtempSync(join(tmpdir(), 'switchyard-lock-')), service);
    await buildService(service, outDir);
    lock = JSON.parse(readFileSync(join(outDir, 'package-lock.json'), 'utf8'));
    manifest = JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8'));
  }, 60_000);
  afterAll(() => {
    if (outDir) rmSync(join(outDir, '..'), { recursive: true, force: true });
  });

  it('locks exactly the package.json dependencies, each at the version installed in the workspace, down to the transitive ones', () => {
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    const differing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.optional)
      .filter(([path, entry]) => JSON.parse(readFileSync(join(repoRoot, path, 'package.json'), 'utf8')).version !== entry.version)
      .map(([path]) => path);
    expect(differing).toEqual([]);
    expect(Object.values(lock.packages).filter((entry) => entry.dev || entry.link)).toEqual([]);
  });

  // The image starts with `node .`, which runs package.json's main.
  it('names the compiled main.ts of the service as the package main', () => {
    expect(manifest.main).toBe(`dist/services/${service}/src/main.js`);
    expect(existsSync(join(outDir, manifest.main))).toBe(true);
  });

  // What the image's deps stage runs, without the network: npm checks that package.json and the lockfile
  // agree and plans the install from the lockfile alone.
  it('is accepted by `npm ci --omit=dev` and complete for `npm ls`', () => {
    const npm = (args: string[]) => spawnSync('npm', args, { cwd: outDir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    const ci = npm(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--dry-run', '--offline']);
    expect([ci.status, ci.stderr.split('\n').filter((line) => line.startsWith('npm error')).join('\n')]).toEqual([0, '']);
    expect(ci.stdout).toContain(`added ${Object.keys(lock.packages).length - 1} packages`);
    const ls = npm(['ls', '--all', '--omit=dev', '--package-lock-only']);
    expect([ls.status, ls.stderr.split('\n').filter((line) => line.startsWith('npm error')).join('\n')]).toEqual([0, '']);
  }, 60_000);
});

describe('tools/build/build-service.mjs ingress', () => {
  // Outside the repository, so Node cannot fall back to the workspace's node_modules: only the pruned
  // package.json's packages are linked in, as an image would have only those installed.
  let outDir = '';
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (outDir) rmSync(join(outDir, '..'), { recursive: true, force: true });
  });

  it('builds a folder that starts with node alone and answers /healthz', async () => {
    outDir = join(mkdtempSync(join(tmpdir(), 'switchyard-image-')), 'ingress');
    const { stdout } = await buildService('ingress', outDir, ['--link-node-modules']);
    expect(stdout).toMatch(/^ingress: \d+ files compiled$/m);
    const plan = await pruneService('ingress');
    expect(JSON.parse(readFileSync(join(outDir, 'package.json'), 'utf8'))).toMatchObject({ main: 'dist/services/ingress/src/main.js', dependencies: plan.dependencies });
    expect(existsSync(join(outDir, 'dist/libs/contracts/src/index.js'))).toBe(true);
    expect(existsSync(join(outDir, 'dist/services/ingress/src/config/ingress-config.spec.js'))).toBe(false);

    // The folder sees only its own node_modules, as the image does: a dev dependency cannot be found.
    const isolation = spawnSync(process.execPath, ['-e', 'require.resolve("jest")'], { cwd: join(outDir, 'dist'), encoding: 'utf8' });
    expect(isolation.status).not.toBe(0);
    expect(isolation.stderr).toContain("Cannot find module 'jest'");

    const port = await freePort();
    // As the image's CMD starts it: node on the folder, which runs the package.json main.
    child = spawn(process.execPath, ['.'], {
      cwd: outDir,
      env: { PATH: process.env['PATH'], BUS: 'embedded', PORT: String(port), HOOK_KEYS: 'ado:0123456789abcdef0123', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));

    const response = await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, () => output);
    expect(response.status).toBe(200);
  }, 90_000);
});

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the built ingress exited with ${child.exitCode}:\n${output()}`);
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no answer from ${url} within 30 s (${String(error)}):\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
