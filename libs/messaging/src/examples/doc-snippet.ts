import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownAnchors } from '@switchyard/testing';

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

/** The text of docs/messaging.md. */
export function docText(): string {
  return readFileSync(MESSAGING_DOC, 'utf8');
}

/** The anchors of docs/messaging.md, as links to it spell them. */
export function docAnchors(): string[] {
  return [...markdownAnchors(readFileSync(MESSAGING_DOC, 'utf8')).keys()];
}

/** An example file from its first import on: the part the docs show. */
export function exampleCode(file: string): string {
  const source = readFileSync(join(__dirname, file), 'utf8');
  return source.slice(source.indexOf('\nimport ') + 1);
}
