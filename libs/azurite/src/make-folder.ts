import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always returns: Node's `mkdirSync(dir, { recursive: true })` never does for some
 * paths (under /proc, where mkdir answers ENOENT for a parent that exists, it retries forever and the
 * run can no longer be stopped). Each missing level is made on its own, and the first refusal throws.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made by another process meanwhile: as good as made here.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
