import { endOfClass } from './repeated-alternation';

/**
 * What is wrong with a repository pattern that needs a literal "/", which no repository name holds
 * (Azure DevOps refuses it in names), so the rule could never fire; undefined when it needs none.
 * Two ways people get there: a JavaScript literal with its slashes and flags (`/^lib-/i`), and a
 * `project/name` path. A "/" inside a character class (`[^/]`) matches nothing extra and is fine.
 */
export function slashProblem(source: string): string | undefined {
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(source);
  if (literal) {
    return (
      `is written as a /pattern/flags literal, but the slashes would be matched as characters and repository names never hold "/": write the pattern alone, e.g. ${literal[1]}` +
      ` (flags are not supported: it matches case-sensitively, so write a class such as [Ll] for a letter in either case)`
    );
  }
  if (!hasSlashOutsideClass(source)) return undefined;
  return (
    'needs a "/", which repository names never hold (the pattern is matched against the name alone, not project/name), so it could never match: ' +
    'write the name part only, e.g. ^lib-core$, and set when.project to match the project'
  );
}

function hasSlashOutsideClass(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      if (source[i + 1] === '/') return true;
      i++;
    } else if (char === '[') {
      i = endOfClass(source, i);
    } else if (char === '/') {
      return true;
    }
  }
  return false;
}
