import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { pullRequestDataSchema } from './pull-request.schema';

export const PullRequestCreated = defineEvent({
  type: 'azure-devops.git.pull-request-created.v1',
  topic: Topics.pullRequests,
  description: 'A pull request was created.',
  data: pullRequestDataSchema,
});
