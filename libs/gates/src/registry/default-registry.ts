import { BuildReasonPolicy } from '../policies/build-reason/build-reason.policy';
import { CoveragePolicy } from '../policies/coverage/coverage.policy';
import { HttpMetricPolicy } from '../policies/http-metric/http-metric.policy';
import { RequiredTaskPolicy } from '../policies/required-task/required-task.policy';
import { TimeWindowPolicy } from '../policies/time-window/time-window.policy';
import { WorkItemsStatePolicy } from '../policies/work-items-state/work-items-state.policy';
import { PolicyRegistry } from './policy-registry';

/** Every built-in policy type. Add a type: write its class, register it here (or on your own registry). */
export function createPolicyRegistry(): PolicyRegistry {
  return new PolicyRegistry()
    .register(RequiredTaskPolicy)
    .register(WorkItemsStatePolicy)
    .register(BuildReasonPolicy)
    .register(TimeWindowPolicy)
    .register(HttpMetricPolicy)
    .register(CoveragePolicy);
}
