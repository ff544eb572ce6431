import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { checkEvaluationDataSchema } from './check-evaluation.schema';

export const CheckRequested = defineEvent({
  type: 'switchyard.check.requested.v1',
  topic: Topics.checks,
  description: 'An Azure Pipelines check called switchyard and waits for a decision (asynchronous callback mode).',
  data: checkEvaluationDataSchema,
});
