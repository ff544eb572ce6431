import { isMap, isScalar, isSeq, Scalar, type Document } from 'yaml';
import type { DocumentPath } from './document-positions';

export const ESCAPED_DEFINITION_PROBLEM =
  'is double-quoted with a \\N, \\_, \\L or \\P escape, which YAML reads as an invisible character (U+0085, a no-break space, U+2028, U+2029), ' +
  'so a folder path loses its backslashes; write a folder path unquoted or in single quotes, e.g. \'\\team-b\\app-ci\'';

/**
 * Paths of the `queue[].definition` values written in double quotes with a `\N`, `\_`, `\L` or `\P`
 * escape: `"\Nightly\Publish"` arrives as an invisible character and "ightly", and would be looked up
 * as a name no definition has. The source is read rather than the value, because Azure DevOps allows
 * these characters in names (it refuses only ASCII controls), and one typed as it is stays fine.
 */
export function escapedDefinitions(document: Document, text: string): DocumentPath[] {
  const rules = document.get('rules', true);
  if (!isSeq(rules)) return [];
  const paths: DocumentPath[] = [];
  rules.items.forEach((rule, ruleIndex) => {
    const queue = isMap(rule) ? rule.get('queue', true) : undefined;
    if (!isSeq(queue)) return;
    queue.items.forEach((target, targetIndex) => {
      const definition = isMap(target) ? target.get('definition', true) : undefined;
      if (isScalar(definition) && definition.type === Scalar.QUOTE_DOUBLE && definition.range && hasInvisibleEscape(text.slice(definition.range[0], definition.range[1]))) {
        paths.push(['rules', ruleIndex, 'queue', targetIndex, 'definition']);
      }
    });
  });
  return paths;
}

/** Escapes are read in pairs from the left, so the `N` of `\\N` (an escaped backslash) is no escape. */
function hasInvisibleEscape(source: string): boolean {
  return (source.match(/\\./gs) ?? []).some((escape) => ['\\N', '\\_', '\\L', '\\P'].includes(escape));
}
