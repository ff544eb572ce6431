import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The files below `folder` whose name `keep` accepts, without entering the folders named in `skip`. */
export function filesUnder(folder: string, keep: (name: string) => boolean, skip: ReadonlySet<string> = new Set()): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : filesUnder(join(folder, entry.name), keep, skip);
    return keep(entry.name) ? [join(folder, entry.name)] : [];
  });
}

/**
 * The TypeScript sources of every `libs/<lib>/src` and `services/<service>/src` of the repository at
 * `repoRoot`, without specs; `skip` names projects and folders to leave out (test support).
 */
export function projectSourceFiles(repoRoot: string, skip: ReadonlySet<string> = new Set()): string[] {
  const isSource = (name: string) => name.endsWith('.ts') && !name.endsWith('.spec.ts');
  return ['libs', 'services'].flatMap((group) =>
    readdirSync(join(repoRoot, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !skip.has(entry.name))
      .map((entry) => join(repoRoot, group, entry.name, 'src'))
      .filter((src) => existsSync(src))
      .flatMap((src) => filesUnder(src, isSource, skip)),
  );
}
