import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

describe.each(services)('services/%s/Dockerfile', (service) => {
  const text = readFileSync(join(repoRoot, 'services', service, 'Dockerfile'), 'utf8');
  const lines = instructions(text);
  const stages = lines.reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)?.push(line), all)), []);
  const runtime = stages.at(-1) ?? [];

  it('builds in several stages on the current Node LTS (24, bookworm-slim)', () => {
    expect(lines).toContain('ARG NODE_IMAGE=node:24-bookworm-slim');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.every((stage) => stage[0].startsWith('FROM ${NODE_IMAGE} AS '))).toBe(true);
  });

  it('compiles only this service with the graph-driven build script', () => {
    expect(lines).toContain(`RUN node tools/build/build-service.mjs ${service} /out`);
  });

  // `az acr build` runs the classic builder, which has none of BuildKit's extensions.
  it('uses nothing only BuildKit understands, so `az acr build` builds it', () => {
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
    expect(lines.filter((line) => /^(RUN|COPY|ADD)\s.*--(mount|link|chmod|parents|exclude|network|security)\b/.test(line))).toEqual([]);
    expect(lines.filter((line) => /<<-?\s*["']?[A-Z]+/.test(line))).toEqual([]);
  });

  it('installs production dependencies with npm ci from the pruned lockfile, never npm install', () => {
    const deps = stages.find((stage) => stage[0].endsWith(' AS deps')) ?? [];
    expect(deps).toContain('COPY --from=build /out/package.json /out/package-lock.json ./');
    expect(deps.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    expect(deps.some((line) => /npm (install|i)\b/.test(line))).toBe(false);
  });

  it('runs as the non-root node user with production dependencies only', () => {
    expect(runtime).toContain('USER node');
    expect(runtime.at(-1)).toBe(`CMD ["node", "dist/services/${service}/src/main.js"]`);
    expect(runtime.some((line) => /npm (ci|install)/.test(line))).toBe(false);
    expect(runtime.filter((line) => line.startsWith('COPY')).every((line) => line.includes('--from='))).toBe(true);
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
