import { z } from 'zod';

export const buildResults = ['succeeded', 'partiallySucceeded', 'failed', 'canceled', 'none'] as const;
export const buildResultSchema = z.enum(buildResults);
export type BuildResult = z.infer<typeof buildResultSchema>;

const byLowerCase = new Map<string, BuildResult>([
  ...buildResults.map((result) => [result.toLowerCase(), result] as const),
  ['cancelled', 'canceled'],
  ['stopped', 'canceled'],
]);

/** Canonical build result for any spelling, or undefined when the value is not a result. */
export function normalizeBuildResult(value: unknown): BuildResult | undefined {
  return typeof value === 'string' ? byLowerCase.get(value.trim().toLowerCase()) : undefined;
}
