import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * A misspelt required key (`definitoin`) fails twice: as an unknown key, and as the key it was meant
 * to be, missing. Folds each such pair into the unknown-key problem, which then names the intended key.
 */
export function foldMisspeltKeys(issues: readonly Issue[], isMissing: (path: readonly PropertyKey[]) => boolean): Issue[] {
  const missing = issues.filter((issue) => issue.code !== 'unrecognized_keys' && issue.path.length > 0 && isMissing(issue.path));
  const folded = new Set<Issue>();
  const amended = issues.map((issue) => {
    if (issue.code !== 'unrecognized_keys') return issue;
    const hints: string[] = [];
    for (const key of issue.keys) {
      const meant = missing.find((candidate) => !folded.has(candidate) && isSibling(candidate.path, issue.path) && isMisspelling(key, candidate.path.at(-1)));
      if (!meant) continue;
      folded.add(meant);
      const name = String(meant.path.at(-1));
      hints.push(issue.keys.length === 1 ? `did you mean "${name}"?` : `"${key}": did you mean "${name}"?`);
    }
    return hints.length > 0 ? { ...issue, message: `${issue.message} (${hints.join('; ')})` } : issue;
  });
  return amended.filter((issue) => !folded.has(issue));
}

function isSibling(keyPath: readonly PropertyKey[], objectPath: readonly PropertyKey[]): boolean {
  return keyPath.length === objectPath.length + 1 && objectPath.every((part, i) => keyPath[i] === part);
}

/** Within a couple of typed letters (a swapped pair counts as one), ignoring case. */
function isMisspelling(written: string, meant: PropertyKey | undefined): boolean {
  if (typeof meant !== 'string') return false;
  return editDistance(written.toLowerCase(), meant.toLowerCase()) <= Math.min(2, Math.floor(meant.length / 3));
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
