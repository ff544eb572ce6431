import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerignore } from './support/dockerignore';
import { repoRoot } from './support/render-overlay';

describe('the .dockerignore reader (test support)', () => {
  const excluded = dockerignore('# comment\n**/node_modules\ntmp\n*.log\n**/.env.*\ndocs\n!docs/keep.md\n');

  it('follows the Docker rules the repository uses', () => {
    expect(excluded('node_modules')).toBe(true);
    expect(excluded('node_modules/a/index.js')).toBe(true);
    expect(excluded('libs/x/node_modules/a/index.js')).toBe(true);
    expect(excluded('tmp/x')).toBe(true);
    expect(excluded('libs/tmp/x')).toBe(false);
    expect(excluded('a.log')).toBe(true);
    expect(excluded('libs/a.log')).toBe(false);
    expect(excluded('services/x/.env.local')).toBe(true);
    expect(excluded('docs/a.md')).toBe(true);
    expect(excluded('docs/keep.md')).toBe(false);
    expect(excluded('libs/contracts/src/index.ts')).toBe(false);
    expect(dockerignore('coverage\n')('coverage/lcov.info')).toBe(true);
    expect(dockerignore('coverage\n')('libs/gates/src/policies/coverage/coverage.policy.ts')).toBe(false);
    expect(dockerignore('**/coverage\n')('libs/gates/src/policies/coverage/coverage.policy.ts')).toBe(true);
  });
});

describe('.dockerignore', () => {
  const path = join(repoRoot, '.dockerignore');

  it('exists at the repository root, the build context of deploy/docker/Dockerfile', () => {
    expect(existsSync(path)).toBe(true);
  });

  const excluded = existsSync(path) ? dockerignore(readFileSync(path, 'utf8')) : () => false;

  it('writes no exclusion with a leading /: az acr build, unlike Docker, keeps it and would upload the path', () => {
    const rooted = readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('/'));
    expect(rooted).toEqual([]);
  });

  it('keeps everything deploy/docker/Dockerfile copies from the context', () => {
    const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    const sources = dockerfile
      .split('\n')
      .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
      .flatMap((line) => line.trim().split(/\s+/).slice(1, -1))
      .map((source) => source.replace(/\/$/, ''));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'libs', 'services', 'tools']));
    for (const source of sources) {
      expect([source, existsSync(join(repoRoot, source))]).toEqual([source, true]);
      expect([source, excluded(source)]).toEqual([source, false]);
    }
  });

  it('keeps every source and config file under libs/, services/ and tools/', () => {
    const dropped: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        // Installed packages are not sources (and are excluded on purpose).
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(rel);
        } else if (/\.(ts|mts|cts|js|mjs|cjs|json|ya?ml|svg)$/.test(entry.name) && excluded(rel)) {
          dropped.push(rel);
        }
      }
    };
    for (const dir of ['libs', 'services', 'tools']) walk(dir);
    expect(dropped).toEqual([]);
  });

  it.each([
    ['installed packages', ['node_modules/fastify/package.json', 'libs/contracts/node_modules/x/index.js', 'services/ingress/node_modules/x/index.js']],
    ['git history', ['.git/HEAD']],
    ['local run data (Azurite)', ['.switchyard/azurite/__blobstorage__/x', '.azurite/x']],
    ['caches and build output', ['.nx/workspace-data/file-map.json', 'tmp/image-ingress/package.json', 'dist/x.js', 'coverage/lcov.info']],
    ['env files and keys', ['.env', '.env.local', 'services/ingress/.env', 'libs/x/.env.production', 'tls.key', 'deploy/cert.pfx', '.npmrc']],
    ['logs', ['npm-debug.log', 'services/ingress/x.log']],
  ])('leaves out %s', (_, paths) => {
    expect(paths.filter((p) => !excluded(p))).toEqual([]);
  });
});
