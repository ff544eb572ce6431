import { endOfClass } from './repeated-alternation';

/**
 * What is wrong with a repository pattern that needs a literal "/", which no repository name holds
 * (Azure DevOps refuses it in names), so the rule could never fire; undefined when it needs none.
 * Two ways people get there: a JavaScript literal with its slashes and flags (`/^lib-/i`), and a
 * `project/name` path. Only a "/" every match needs is refused: one in a single alternative, in a
 * group (`^(?:Fabrikam/)?lib`, a lookahead), made optional (`/?`) or in a character class (`[^/]`) is fine.
 */
export function slashProblem(source: string): string | undefined {
  if (!needsSlash(source)) return undefined;
  const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(source);
  if (literal) {
    return (
      `is written as a /pattern/flags literal, but the slashes would be matched as characters and repository names never hold "/": write the pattern alone, e.g. ${literal[1]}` +
      ` (flags are not supported: it matches case-sensitively, so write a class such as [Ll] for a letter in either case)`
    );
  }
  return (
    'needs a "/", which repository names never hold (the pattern is matched against the name alone, not project/name), so it could never match: ' +
    'write the name part only, e.g. ^lib-core$, and set when.project to match the project'
  );
}

// "/", `\/`, and the escapes JavaScript reads as "/" without the `u` flag: `\x2f`, `\u002f`, octal `\057` and `\57`.
const slash = /\/|\\(?:\/|x2[fF]|u002[fF]|0?57)/y;

/** Length of the "/" written at `at`, 0 when there is none. */
function slashLengthAt(source: string, at: number): number {
  slash.lastIndex = at;
  return slash.exec(source)?.[0].length ?? 0;
}

/**
 * Whether every top-level alternative holds a "/" (or an escaped one) outside any group or class that no
 * quantifier lets it skip. Groups are not looked into: what they need depends on their own
 * alternatives, quantifier and, for lookarounds, whether they assert anything is there at all.
 */
function needsSlash(source: string): boolean {
  let depth = 0;
  let alternativeNeedsSlash = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    const slashLength = slashLengthAt(source, i);
    if (char === '[') {
      i = endOfClass(source, i);
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (slashLength > 0) {
      i += slashLength - 1;
      if (depth === 0 && !allowsZero(source, i + 1)) alternativeNeedsSlash = true;
    } else if (char === '\\') {
      i++; // the escaped character, whatever it is
    } else if (depth === 0 && char === '|') {
      if (!alternativeNeedsSlash) return false;
      alternativeNeedsSlash = false;
    }
  }
  return alternativeNeedsSlash;
}

/** A quantifier at `at` that lets the atom before it occur zero times: `?`, `*`, `{0}`, `{0,m}`, `{0,}`. */
function allowsZero(source: string, at: number): boolean {
  const next = source[at];
  if (next === '?' || next === '*') return true;
  const bounds = /^\{(\d+)(,\d*)?\}/.exec(source.slice(at));
  return bounds !== null && Number(bounds[1]) === 0;
}
