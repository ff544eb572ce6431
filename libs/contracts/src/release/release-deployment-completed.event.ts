import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { releaseDeploymentDataSchema } from './release-deployment.schema';

export const ReleaseDeploymentCompleted = defineEvent({
  type: 'azure-devops.release.deployment-completed.v1',
  topic: Topics.releases,
  description: 'A classic-release deployment to one environment (stage) finished; `status` says how.',
  data: releaseDeploymentDataSchema,
});
