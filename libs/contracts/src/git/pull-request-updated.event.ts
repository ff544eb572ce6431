import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { pullRequestDataSchema } from './pull-request.schema';

export const PullRequestUpdated = defineEvent({
  type: 'azure-devops.git.pull-request-updated.v1',
  topic: Topics.pullRequests,
  description: 'A pull request changed (status, reviewers, source push, completion); `status` is `completed` once it is merged.',
  data: pullRequestDataSchema,
});
