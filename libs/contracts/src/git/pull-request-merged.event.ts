import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { pullRequestDataSchema } from './pull-request.schema';

export const PullRequestMerged = defineEvent({
  type: 'azure-devops.git.pull-request-merged.v1',
  topic: Topics.pullRequests,
  description: 'Azure DevOps attempted the merge of a pull request (`git.pullrequest.merged`): on completion (`status: completed`) and for the test merge of an open PR (`status: active`); `mergeStatus` says whether the merge succeeded.',
  data: pullRequestDataSchema,
});
