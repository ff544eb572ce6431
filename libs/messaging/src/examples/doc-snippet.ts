import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MESSAGING_DOC = join(__dirname, '../../../../docs/messaging.md');

/** The first ```ts block after the heading line `heading` (e.g. "## Writing a consumer") of docs/messaging.md. */
export function docSnippet(heading: string): string | undefined {
  const doc = readFileSync(MESSAGING_DOC, 'utf8');
  const at = doc.split('\n').indexOf(heading);
  if (at < 0) return undefined;
  return doc
    .split('\n')
    .slice(at)
    .join('\n')
    .match(/```ts\n([\s\S]*?)```/)?.[1];
}

/** The GitHub anchors of docs/messaging.md's headings, as links to them spell them. */
export function docAnchors(): string[] {
  return [...readFileSync(MESSAGING_DOC, 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, title]) =>
    title
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-'),
  );
}

/** An example file from its first import on: the part the docs show. */
export function exampleCode(file: string): string {
  const source = readFileSync(join(__dirname, file), 'utf8');
  return source.slice(source.indexOf('\nimport ') + 1);
}
