import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './support/render-overlay';

const services = ['ingress', 'badge-renderer', 'build-trigger', 'gate-evaluator'];

/** The instructions of a Dockerfile, one string per instruction, line continuations joined. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

describe('deploy/docker/Dockerfile', () => {
  const text = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
  const lines = instructions(text);
  const stages = lines.reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)?.push(line), all)), []);
  const stage = (name: string) => stages.find((s) => s[0].endsWith(` AS ${name}`)) ?? [];
  const build = stage('build');
  const runtime = stages.at(-1) ?? [];

  it('builds in several stages on the current Node LTS (24, bookworm-slim)', () => {
    expect(lines).toContain('ARG NODE_IMAGE=node:24-bookworm-slim');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((s) => s[0].startsWith('FROM ${NODE_IMAGE} AS '))).toBe(true);
  });

  describe('the SERVICE check, run as the service stage runs it', () => {
    const check = stage('service').find((line) => line.startsWith('RUN ') && line.includes('--build-arg SERVICE=')) ?? '';
    const runCheck = (service: string | undefined) => {
      const dir = mkdtempSync(join(tmpdir(), 'switchyard-service-'));
      try {
        const env = { PATH: process.env['PATH'], ...(service === undefined ? {} : { SERVICE: service }) };
        const result = spawnSync('sh', ['-c', check.slice('RUN '.length)], { cwd: dir, env, encoding: 'utf8' });
        const name = existsSync(join(dir, 'name')) ? readFileSync(join(dir, 'name'), 'utf8') : undefined;
        return { status: result.status, stderr: result.stderr, name };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    it('comes first, before anything slow (the build stage waits for its result)', () => {
      expect(stages[0][0]).toBe('FROM ${NODE_IMAGE} AS service');
      expect(check).not.toBe('');
    });

    it('offers exactly the services with a Deployment in deploy/k8s/base', () => {
      const offered = /images="([^"]*)"/.exec(check)?.[1].split(' ') ?? [];
      const deployed = readdirSync(join(repoRoot, 'deploy', 'k8s', 'base')).filter((dir) => existsSync(join(repoRoot, 'deploy', 'k8s', 'base', dir, 'deployment.yaml')));
      expect([...offered].sort()).toEqual([...deployed].sort());
      expect([...offered].sort()).toEqual([...services].sort());
    });

    it.each(services)('passes SERVICE=%s on to the build stage', (service) => {
      expect(runCheck(service)).toEqual({ status: 0, stderr: '', name: `${service}\n` });
    });

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['not a deployed service', 'all-in-one'],
      ['mistyped', 'Ingress'],
      ['with extra words', 'ingress badge-renderer'],
    ])('stops the build when SERVICE is %s, saying what to pass', (_, service) => {
      const result = runCheck(service);
      expect(result.status).toBe(1);
      expect(result.name).toBeUndefined();
      expect(result.stderr).toContain(`SERVICE="${service ?? ''}" names no image; pass --build-arg SERVICE=<service>, one of: ${services.join(' ')}`);
    });
  });

  it('compiles only the checked service with the graph-driven build script, after an npm install shared by all services', () => {
    const install = build.indexOf('RUN npm install --no-audit --no-fund --ignore-scripts');
    const picked = build.indexOf('COPY --from=service /service/name /service/name');
    expect(install).toBeGreaterThan(0);
    expect(picked).toBeGreaterThan(install);
    expect(build.slice(picked + 1)).toContain('RUN node tools/build/build-service.mjs "$(cat /service/name)" /out');
    // An ARG in scope is part of the cache key of every later RUN (classic builder): SERVICE stays out of the build stage.
    expect(build.filter((line) => /^ARG\s/.test(line))).toEqual([]);
  });

  // `az acr build` runs the classic builder, which has none of BuildKit's extensions.
  it('uses nothing only BuildKit understands, so `az acr build` builds it', () => {
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
    expect(lines.filter((line) => /^(RUN|COPY|ADD)\s.*--(mount|link|chmod|parents|exclude|network|security)\b/.test(line))).toEqual([]);
    expect(lines.filter((line) => /<<-?\s*["']?[A-Z]+/.test(line))).toEqual([]);
  });

  it('installs production dependencies with npm ci from the pruned lockfile, never npm install', () => {
    const deps = stage('deps');
    expect(deps).toContain('COPY --from=build /out/package.json /out/package-lock.json ./');
    expect(deps.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    expect(deps.some((line) => /npm (install|i)\b/.test(line))).toBe(false);
  });

  it('runs as the non-root node user with production dependencies only, on port 8080, without npm, npx or corepack', () => {
    expect(runtime).toContain('USER node');
    expect(runtime).toContain('EXPOSE 8080');
    expect(runtime.some((line) => /npm (ci|install)/.test(line))).toBe(false);
    const removed = runtime.find((line) => line.startsWith('RUN rm -rf ')) ?? '';
    for (const tool of ['npm', 'npx', 'corepack']) expect(removed).toContain(`/usr/local/bin/${tool}`);
    const copies = runtime.filter((line) => line.startsWith('COPY'));
    expect(copies.every((line) => line.includes('--from=') && !line.includes('--chown'))).toBe(true);
    // The app files stay root's: the user switch comes after the last copy.
    expect(runtime.indexOf('USER node')).toBeGreaterThan(runtime.lastIndexOf(copies.at(-1) ?? ''));
    expect(runtime).toContain('LABEL org.opencontainers.image.title="switchyard-${SERVICE}"');
  });

  // Exec form cannot expand SERVICE; the "main" that tools/build/build-service.mjs writes names the entry point.
  it('starts the main of the package.json the build wrote into the working directory', () => {
    expect(runtime).toContain('WORKDIR /app');
    expect(runtime).toContain('COPY --from=build /out/package.json ./');
    expect(runtime.at(-1)).toBe('CMD ["node", "."]');
  });
});

describe('package-lock.json', () => {
  // Without it, the build stage's install would resolve that package anew.
  it('lists every workspace package, so the image build installs what was tested', () => {
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
    const workspaces = rootManifest.workspaces.flatMap((pattern) => {
      const parent = pattern.replace(/\/\*$/, '');
      return readdirSync(join(repoRoot, parent))
        .map((name) => `${parent}/${name}`)
        .filter((dir) => existsSync(join(repoRoot, dir, 'package.json')));
    });
    const missing = workspaces.filter((dir) => !(dir in lock.packages));
    // Fix: npm install --package-lock-only
    expect(missing).toEqual([]);
  });
});
