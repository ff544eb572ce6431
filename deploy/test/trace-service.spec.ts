import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './support/render-overlay';

/** Runs tools/build/trace-service.mjs's traceFrom in plain node (it is ESM) and returns what it found. */
function trace(entry: string): { compiled: string[]; assets: string[]; packages: string[] } {
  const script = `import { traceFrom } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'tools/build/trace-service.mjs')).href)};
const t = traceFrom(${JSON.stringify(entry)});
console.log(JSON.stringify({ compiled: [...t.compiled.keys()], assets: t.assets, packages: [...t.packages.keys()] }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe('tools/build/trace-service.mjs', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-trace-'));
    mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'main.ts'),
      [
        `import type { TokenCredential } from '@azure/core-auth';`,
        `import { type Registry } from 'prom-client';`,
        `import { readFileSync } from 'node:fs';`,
        `import { helper } from './lib';`,
        `import settings from './settings.json';`,
        `export const run = (c: TokenCredential, r: Registry) => [helper(), readFileSync, settings, c, r];`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'src', 'lib', 'index.ts'), `import { z } from 'zod';\nexport const helper = () => z.string();\n`);
    writeFileSync(join(dir, 'src', 'unused.ts'), `import 'testcontainers';\n`);
    writeFileSync(join(dir, 'src', 'settings.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps exactly what runs: reached files, required JSON, run-time packages; no type-only or unreached imports', () => {
    const found = trace(join(dir, 'src', 'main.ts'));
    expect(found.compiled.map((f) => f.split('/src/')[1]).sort()).toEqual(['lib/index.ts', 'main.ts']);
    expect(found.assets.map((f) => f.split('/src/')[1])).toEqual(['settings.json']);
    expect(found.packages).toEqual(['zod']);
  });

  it('names the file and the specifier when a relative import does not exist', () => {
    writeFileSync(join(dir, 'src', 'broken.ts'), `import { gone } from './gone';\nexport const x = gone;\n`);
    expect(() => trace(join(dir, 'src', 'broken.ts'))).toThrow(/broken\.ts requires "\.\/gone", which does not exist/);
  });
});
