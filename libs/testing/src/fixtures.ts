import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The shared Azure DevOps fixtures, beside the repository root (../shared/fixtures/azure-devops). */
export const azureDevOpsFixturesDir = join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'azure-devops');

/** Absolute path of a fixture, e.g. `fixturePath('hooks/go-playground-webhooks/build.complete.json')`. */
export function fixturePath(relativePath: string): string {
  return join(azureDevOpsFixturesDir, relativePath);
}

/** The raw bytes of a fixture, BOM and CRLF untouched (what Azure DevOps would send). */
export function readFixtureBytes(relativePath: string): Buffer {
  return readFileSync(fixturePath(relativePath));
}

/** A fixture parsed as JSON (a leading UTF-8 BOM is stripped first). */
export function readFixtureJson<T = unknown>(relativePath: string): T {
  return JSON.parse(readFixtureBytes(relativePath).toString('utf8').replace(/^\uFEFF/, '')) as T;
}

/** Every file below a fixture folder, as paths relative to the fixtures root, sorted. */
export function listFixtures(folder: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return walk(fixturePath(folder))
    .map((file) => relative(azureDevOpsFixturesDir, file))
    .sort();
}
