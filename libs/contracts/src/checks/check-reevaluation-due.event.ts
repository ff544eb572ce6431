import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { checkEvaluationDataSchema } from './check-evaluation.schema';

export const CheckReevaluationDue = defineEvent({
  type: 'switchyard.check.reevaluation-due.v1',
  topic: Topics.checks,
  description: 'A scheduled message: evaluate a still-undecided check again (`evaluation` counts up).',
  data: checkEvaluationDataSchema,
});
