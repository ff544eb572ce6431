import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { filesUnder, markdownAnchors, markdownProse } from '@switchyard/testing';

const root = resolve(__dirname, '../../..');
// What .gitignore leaves out, and the version-control folder.
const SKIPPED = new Set(['node_modules', 'dist', 'tmp', 'coverage', '.nx', '.azurite', '.switchyard', '.git']);

/** The relative links of a page's prose (not of its code blocks or inline code): `[text](target)`. */
function relativeLinks(markdown: string): string[] {
  const prose = markdownProse(markdown).replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(([, target]) => target).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why `target`, linked from `page`, leads nowhere (no such file, or no such anchor in the page it names); undefined when it resolves. */
function brokenBecause(page: string, target: string): string | undefined {
  const [path, anchor] = target.split('#');
  const file = path ? resolve(dirname(page), decodeURI(path)) : page;
  if (!existsSync(file)) return 'no such file';
  if (anchor === undefined || !file.endsWith('.md')) return undefined;
  return markdownAnchors(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor)) ? undefined : 'no such anchor';
}

describe('the Markdown pages of the repository', () => {
  const pages = filesUnder(root, (name) => name.endsWith('.md'), SKIPPED);

  it('are found (README and docs at least)', () => {
    const names = pages.map((page) => relative(root, page));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/ingress.md']));
  });

  it('link only to files that exist and to anchors those pages have', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(readFileSync(page, 'utf8')).flatMap((target) => {
        const why = brokenBecause(page, target);
        return why === undefined ? [] : [`${relative(root, page)}: ${target} (${why})`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
