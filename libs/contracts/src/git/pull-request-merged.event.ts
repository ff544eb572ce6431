import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { pullRequestDataSchema } from './pull-request.schema';

export const PullRequestMerged = defineEvent({
  type: 'azure-devops.git.pull-request-merged.v1',
  topic: Topics.pullRequests,
  description: 'Azure DevOps created the merge commit of a pull request (`git.pullrequest.merged`); `mergeStatus` says whether the merge succeeded.',
  data: pullRequestDataSchema,
});
