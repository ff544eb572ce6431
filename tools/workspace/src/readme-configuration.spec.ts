import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectSourceFiles } from '@switchyard/testing';

const root = resolve(__dirname, '../../..');

// Read from the environment, but no setting of switchyard: npm's own INIT_CWD (the folder `npm start`
// was typed in, docs/local-run.md).
const NOT_SETTINGS = new Set(['INIT_CWD']);

// The sources that run in a service: libs/testing, test servers and test support left out.
const sources = projectSourceFiles(root, new Set(['testing', 'test-server'])).map((file) => readFileSync(file, 'utf8'));

/** Variables read as `env['NAME']` or through a reader called as `read…(env, 'NAME', …)`, with the fallback when it is a number (or a product of numbers). */
function variablesRead(): Map<string, number | undefined> {
  const read = new Map<string, number | undefined>();
  for (const text of sources) {
    for (const [, name] of text.matchAll(/env\??\.?\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) if (!read.has(name)) read.set(name, undefined);
    for (const [, name, fallback] of text.matchAll(/\(\s*(?:process\.)?env\s*,\s*'([A-Z][A-Z0-9_]*)'(?:\s*,\s*\{\s*fallback:\s*([0-9_]+(?:\s*\*\s*[0-9_]+)*)\s*[,}])?/g)) {
      const value = fallback?.split('*').reduce((product, factor) => product * Number(factor.trim().replace(/_/g, '')), 1);
      read.set(name, value ?? read.get(name));
    }
  }
  return read;
}

/** The rows of the README's "Configuration" table: the variables of the first cell (`OTEL_*` as a prefix) and the default cell. */
function readmeRows(): { names: string[]; prefixes: string[]; defaults: string }[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section.slice(0, section.indexOf('\n## ', 1));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [first, , defaults] = line.split('|').slice(1);
      const names = [...first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(([, name]) => name);
      const prefixes = [...first.matchAll(/`([A-Z][A-Z0-9_]*)\*`/g)].map(([, prefix]) => prefix);
      return { names, prefixes, defaults };
    });
}

describe("the README's configuration table", () => {
  const rows = readmeRows();
  const documented = rows.flatMap((row) => row.names);
  const prefixes = rows.flatMap((row) => row.prefixes);
  const read = variablesRead();

  it('is found', () => {
    expect(documented).toEqual(expect.arrayContaining(['BUS', 'HOOK_KEYS', 'SWITCHYARD_DATA_DIR']));
  });

  it('names every variable the services and libraries read', () => {
    const missing = [...read.keys()].filter((name) => !NOT_SETTINGS.has(name) && !documented.includes(name) && !prefixes.some((prefix) => name.startsWith(prefix)));
    expect(missing).toEqual([]);
  });

  it('names only variables the code reads', () => {
    const unread = documented.filter((name) => !sources.some((text) => text.includes(`'${name}'`)));
    expect(unread).toEqual([]);
  });

  it('gives the default the code falls back to, for every variable read with a literal one', () => {
    const wrong = rows.flatMap((row) =>
      row.names.flatMap((name) => {
        const fallback = read.get(name);
        return fallback === undefined || new RegExp(`\`${fallback}\``).test(row.defaults) ? [] : [`${name}: README says ${row.defaults.trim()}, the code ${fallback}`];
      }),
    );
    expect(wrong).toEqual([]);
  });
});
