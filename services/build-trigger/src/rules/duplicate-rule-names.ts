/** A rule that reuses the name of an earlier one (`first`), both by index in `rules`. */
export interface DuplicateRuleName {
  index: number;
  first: number;
  name: string;
}

/**
 * Checked on the file as written rather than on the schema's output, so a duplicate is reported in the
 * same round as every other problem, even when some rule is invalid.
 */
export function duplicateRuleNames(file: unknown): DuplicateRuleName[] {
  const rules = (file as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  const seen = new Map<string, number>();
  const duplicates: DuplicateRuleName[] = [];
  rules.forEach((rule: unknown, index) => {
    const name = (rule as { name?: unknown } | null)?.name;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else duplicates.push({ index, first, name });
  });
  return duplicates;
}
