import { execFile } from 'node:child_process';
import { join } from 'node:path';
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
