import { z } from 'zod';
import { parseDuration } from '../duration/parse-duration';

/** Hard cap on evaluations of one check, whatever the file says (a re-evaluation is a bus message). */
export const MAX_EVALUATIONS = 2000;
export const DEFAULT_EVERY = '1m';
export const DEFAULT_TIMEOUT = '24h';

export const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const duration = z.string({ message: 'use a duration with a unit, e.g. 30s, 5m, 2h, 7d' }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; use e.g. 30s, 5m, 2h, 7d or 1h30m` });
    return z.NEVER;
  }
  return ms;
});

/** The fields every policy entry may have besides its type's own options. */
export const commonEntrySchema = z.object({
  type: z.string({ message: 'type is required (the policy type, e.g. required-task)' }).min(1),
  every: duration.prefault(DEFAULT_EVERY),
  timeout: duration.prefault(DEFAULT_TIMEOUT),
  maxEvaluations: z.number().int().min(1).max(MAX_EVALUATIONS, `maxEvaluations is capped at ${MAX_EVALUATIONS}`).optional(),
});

export const commonEntryKeys = Object.keys(commonEntrySchema.shape);

/** Evaluations that fit in the timeout at the interval, within the hard cap. */
export function defaultMaxEvaluations(everyMs: number, timeoutMs: number): number {
  return Math.max(1, Math.min(MAX_EVALUATIONS, Math.ceil(timeoutMs / everyMs) + 1));
}
