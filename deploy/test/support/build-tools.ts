import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from './render-overlay';

const run = promisify(execFile);

export interface BuildPlan {
  service: string;
  projects: Array<{ name: string; root: string }>;
  dependencies: Record<string, string>;
  warnings: string[];
}

// The build scripts run as the Dockerfile runs them: plain node on the .mjs file, in a child process.
export async function pruneService(service: string): Promise<BuildPlan> {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'tools/build/prune-service.mjs'), service], { cwd: repoRoot });
  return JSON.parse(stdout) as BuildPlan;
}

export async function buildService(service: string, outDir: string, flags: string[] = []): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(repoRoot, 'tools/build/build-service.mjs'), service, outDir, ...flags], { cwd: repoRoot });
}

export interface LockEntry {
  version?: string;
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  name?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** tools/build/prune-service.mjs's prunedLockfile, run in plain node (it is ESM). */
export function prunedLockfile(manifest: { name: string; version: string; dependencies: Record<string, string> }, lock: Lockfile): Lockfile {
  const script = `import { prunedLockfile } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'tools/build/prune-service.mjs')).href)};
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', () => {
  const { manifest, lock } = JSON.parse(input);
  try {
    console.log(JSON.stringify(prunedLockfile(manifest, lock)));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
});`;
  try {
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify({ manifest, lock }), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }));
  } catch (error) {
    throw new Error((error as { stderr?: string }).stderr?.trim() || String(error));
  }
}
