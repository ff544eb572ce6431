import { defineEvent } from '../envelope/define-event';
import { Topics } from '../topics/topics';
import { releaseDeploymentDataSchema } from './release-deployment.schema';

export const ReleaseDeploymentStarted = defineEvent({
  type: 'azure-devops.release.deployment-started.v1',
  topic: Topics.releases,
  description: 'A classic-release deployment to one environment (stage) started.',
  data: releaseDeploymentDataSchema,
});
