// Follows a service's code from its entry point (src/main.ts) through every require() that swc leaves
// after compiling (type-only imports are gone by then), so the image gets exactly the files and npm
// packages that can run, and nothing a test helper in a lib's src/ happens to import.
import { transformFileSync } from '@swc/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const builtins = new Set(builtinModules);

export function swcOptions() {
  const swcrc = JSON.parse(readFileSync(join(workspaceRoot, '.swcrc'), 'utf8'));
  const { compilerOptions } = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  delete swcrc.$schema;
  // swc rewrites "@switchyard/x" to a relative path to the source; dist keeps the source layout, so it resolves.
  return { ...swcrc, swcrc: false, configFile: false, jsc: { ...swcrc.jsc, baseUrl: workspaceRoot, paths: compilerOptions.paths } };
}

/** "@azure/identity/foo" → "@azure/identity"; "node:fs" and builtins → undefined. */
export function packageOf(specifier) {
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveLocal(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  // The order Node would use once compiled: x.js (from x.ts), x/index.js, then x as written (x.json).
  const candidates = [`${base}.ts`, join(base, 'index.ts'), base, `${base}.js`, join(base, 'index.js')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  if (!found) throw new Error(`${relative(workspaceRoot, fromFile)} requires "${specifier}", which does not exist`);
  return found;
}

/**
 * Compiles `entry` and everything it reaches. Returns the compiled files (workspace-relative source
 * path → code and source map), plain files required as-is (JSON), and the npm packages required.
 */
export function traceFrom(entry) {
  const options = swcOptions();
  const compiled = new Map();
  const assets = new Set();
  const packages = new Map();
  const pending = [resolve(workspaceRoot, entry)];
  while (pending.length > 0) {
    const file = pending.pop();
    const rel = relative(workspaceRoot, file);
    if (compiled.has(rel) || assets.has(rel)) continue;
    if (!file.endsWith('.ts')) {
      assets.add(rel);
      continue;
    }
    const { code, map } = transformFileSync(file, { ...options, filename: file, sourceMaps: true });
    compiled.set(rel, { code, map });
    for (const [, specifier] of code.matchAll(/\brequire\("([^"]+)"\)/g)) {
      if (specifier.startsWith('.')) pending.push(resolveLocal(file, specifier));
      else {
        const name = packageOf(specifier);
        if (name && !packages.has(name)) packages.set(name, rel);
      }
    }
  }
  return { compiled, assets: [...assets], packages };
}
