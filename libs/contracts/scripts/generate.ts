// Writes libs/contracts/generated/** from the contracts, or with --check reports drift and exits 1.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generatedArtefacts } from './generated-artefacts';

const projectDir = join(__dirname, '..');
const generatedDir = join(projectDir, 'generated');

function existingFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(projectDir, join(entry.parentPath ?? entry.path, entry.name)));
  } catch {
    return [];
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(join(projectDir, file), 'utf8');
  } catch {
    return undefined;
  }
}

/** Paths (relative to libs/contracts) whose committed content differs from the generator's. */
export function driftedFiles(): string[] {
  const expected = generatedArtefacts();
  const changed = [...expected].filter(([file, content]) => readOrUndefined(file) !== content).map(([file]) => file);
  const stale = existingFiles(generatedDir).filter((file) => !expected.has(file));
  return [...changed, ...stale].sort();
}

function write(): void {
  const expected = generatedArtefacts();
  for (const file of existingFiles(generatedDir)) if (!expected.has(file)) rmSync(join(projectDir, file));
  for (const [file, content] of expected) {
    mkdirSync(dirname(join(projectDir, file)), { recursive: true });
    writeFileSync(join(projectDir, file), content);
  }
  console.log(`contracts: wrote ${expected.size} files under libs/contracts/generated`);
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const drifted = driftedFiles();
    if (drifted.length > 0) {
      console.error(
        `contracts: generated files are out of date:\n${drifted.map((f) => `  libs/contracts/${f}`).join('\n')}\n` +
          'Run `npx nx run contracts:generate` and commit the result.',
      );
      process.exit(1);
    }
    console.log('contracts: generated files are up to date');
  } else {
    write();
  }
}
