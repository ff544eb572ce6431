import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = join(__dirname, '..', '..', '..');
export const overlays = ['dev', 'prod'] as const;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
}

/** Why manifests cannot be rendered here (no kubectl), or undefined when they can. */
export function kubectlUnavailableReason(): string | undefined {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `kubectl is not installed (apt-get install -y kubectl): ${(error as Error).message.split('\n')[0]}`;
  }
}

/** `kubectl kustomize deploy/k8s/overlays/<env>`, parsed into objects. */
export function renderOverlay(environment: string): KubeObject[] {
  return renderDirectory(join(repoRoot, 'deploy', 'k8s', 'overlays', environment), environment);
}

/**
 * An overlay as a user would extend it: a scratch kustomization (outside the repository) that takes
 * overlays/<env> as its resource and adds the given deploy/k8s/components/<name>, parsed into objects.
 */
export function renderOverlayWith(environment: string, components: string[]): KubeObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-kustomize-'));
  try {
    // kustomize refuses absolute paths in resources and components.
    const path = (...parts: string[]) => relative(dir, join(repoRoot, 'deploy', 'k8s', ...parts));
    const kustomization = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      `  - ${path('overlays', environment)}`,
      'components:',
      ...components.map((name) => `  - ${path('components', name)}`),
      '',
    ].join('\n');
    writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
    return renderDirectory(dir, `${environment} + ${components.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * overlays/<env> as the operator would have it after adding `lines` to its config.env: deploy/k8s is
 * copied to a scratch directory (outside the repository), the lines appended there, and the copy rendered.
 */
export function renderOverlayWithConfig(environment: string, lines: string[]): KubeObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-kustomize-'));
  try {
    cpSync(join(repoRoot, 'deploy', 'k8s'), join(dir, 'k8s'), { recursive: true });
    appendFileSync(join(dir, 'k8s', 'overlays', environment, 'config.env'), `\n${lines.join('\n')}\n`);
    return renderDirectory(join(dir, 'k8s', 'overlays', environment), `${environment} + config.env ${lines.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function renderDirectory(dir: string, name: string): KubeObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(output).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${name}: ${doc.errors[0].message}`);
    return doc.toJS() as KubeObject;
  });
}

export function find(objects: KubeObject[], kind: string, name?: string): KubeObject[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}

export function one(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = find(objects, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0];
}
