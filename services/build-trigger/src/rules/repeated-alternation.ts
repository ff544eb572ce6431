/**
 * Whether a regular expression repeats a group that has alternatives (directly or in a group inside
 * it), e.g. `([a-z]|[a-z0-9])*`, `(a|ab)+` or `((a|b)c)+`. When the alternatives overlap, a name that almost matches is tried in exponentially many
 * ways; safe-regex2 only sees repetitions nested in repetitions, not this. Alternatives that are
 * single characters are better written as one class (`[a-z0-9]*`), so every repeated alternation is
 * refused rather than told apart by whether its branches overlap.
 */
export function repeatsAlternation(source: string): boolean {
  const groups: { hasAlternation: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++; // the escaped character, whatever it is
    } else if (char === '[') {
      i = endOfClass(source, i);
    } else if (char === '(') {
      groups.push({ hasAlternation: false });
    } else if (char === '|') {
      const current = groups.at(-1);
      if (current) current.hasAlternation = true;
    } else if (char === ')') {
      const closed = groups.pop();
      if (!closed?.hasAlternation) continue;
      if (isRepeating(source, i + 1)) return true;
      // Repeating the enclosing group repeats these alternatives too.
      const enclosing = groups.at(-1);
      if (enclosing) enclosing.hasAlternation = true;
    }
  }
  return false;
}

/**
 * Index of the `]` closing the class that starts at `start`: the first one not escaped. Patterns are
 * compiled without the `u` flag, where JavaScript reads `[]` as an empty class and `[^]` as any
 * character (a leading `]` is not taken into the class, as POSIX would).
 */
export function endOfClass(source: string, start: number): number {
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

/** A quantifier at `at` that allows more than one repetition: `*`, `+`, `{n,}`, `{n,m}` with m > 1. */
function isRepeating(source: string, at: number): boolean {
  const next = source[at];
  if (next === '*' || next === '+') return true;
  if (next !== '{') return false;
  const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
  if (!bounds) return false;
  if (bounds[2] === undefined) return Number(bounds[1]) > 1;
  return bounds[3] === '' || Number(bounds[3]) > 1;
}
