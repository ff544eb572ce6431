import type { z } from 'zod';

/** Zod issues as `path: message` lines. Never includes the offending values, which may be secrets. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}
