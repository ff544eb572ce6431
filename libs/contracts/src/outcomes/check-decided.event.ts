import { z } from 'zod';
import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';

export const checkDecidedDataSchema = z.object({
  policy: z.string().min(1),
  planId: z.string().min(1),
  jobId: z.string().min(1),
  taskInstanceId: z.string().min(1),
  result: z.enum(['succeeded', 'failed']),
  /** Human-readable reason, as written to the check's log. */
  reason: z.string(),
  /** How many evaluations it took. */
  evaluations: z.number().int().positive(),
});

export type CheckDecidedData = z.infer<typeof checkDecidedDataSchema>;

export const CheckDecided = defineEvent({
  type: 'switchyard.check.decided.v1',
  topic: Topics.outcomes,
  description: 'The gate evaluator posted a final TaskCompleted decision for a check.',
  data: checkDecidedDataSchema,
});
