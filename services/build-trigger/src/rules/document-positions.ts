import { quotedUrl } from '@switchyard/contracts';
import { isNode, type Document, type LineCounter } from 'yaml';

export type DocumentPath = readonly (string | number)[];

/**
 * `rules[0].when.repository` from `['rules', 0, 'when', 'repository']`. A key that is a URL (under
 * `organizations:`) is shown without its user info, query and fragment, which may hold a token.
 */
export function formatPath(path: DocumentPath): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const shown = key.includes('://') ? quotedUrl(key) : key;
    return text ? `${text}.${shown}` : shown;
  }, '');
}

/**
 * Line and column of the deepest node that exists on the path (a missing key points at its parent),
 * so every validation message can name a line.
 */
export function positionOf(document: Document, lineCounter: LineCounter, path: DocumentPath): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}
