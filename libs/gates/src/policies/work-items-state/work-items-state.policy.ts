import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import type { AzureDevOpsReads, WorkItemInfo } from '../../policy/policy-reads.port';
import { fail, pass, wait, type Verdict } from '../../policy/verdict';
import { buildIdOf, missingBuildIdReason, readsOf } from '../shared/build-id';

const stateCategories = ['Proposed', 'InProgress', 'Resolved', 'Completed', 'Removed'] as const;

const options = z
  .strictObject({
    state: z.string().min(1).optional(),
    stateCategory: z.enum(stateCategories, { message: `use one of ${stateCategories.join(', ')}` }).optional(),
  })
  .refine((value) => (value.state === undefined) !== (value.stateCategory === undefined), {
    message: 'give exactly one of state (e.g. Done) or stateCategory (e.g. Completed)',
  });

/**
 * Passes when every work item linked to the build is in the given state or state category (the
 * Microsoft "work item state" sample, for all linked items instead of the first). Waits otherwise.
 */
export class WorkItemsStatePolicy implements GatePolicy {
  static readonly type = 'work-items-state';
  static readonly sync = false;
  static readonly description = 'Every work item linked to the build is in a state or state category.';
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = ['BuildId'];

  constructor(private readonly config: z.infer<typeof options>) {}

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    const buildId = buildIdOf(check);
    if (buildId === undefined) return fail(missingBuildIdReason);
    const reads = readsOf(context, WorkItemsStatePolicy.type);
    const ids = await reads.getBuildWorkItemIds(buildId);
    if (ids.length === 0) return fail(`Build ${buildId} has no linked work items; link the work items this change delivers`);
    const items = await Promise.all(ids.map((id) => reads.getWorkItem(id)));
    const matches = await this.matcher(reads);
    const pending: WorkItemInfo[] = [];
    for (const item of items) if (!(await matches(item))) pending.push(item);
    const target = this.config.state ?? `state category ${this.config.stateCategory}`;
    if (pending.length === 0) return pass(`All ${items.length} linked work items are ${target}`);
    const waitingFor = pending.map((item) => `#${item.id} (${item.state ?? 'no state'})`).join(', ');
    return wait(`${items.length - pending.length} of ${items.length} linked work items are ${target}; waiting for ${waitingFor}`);
  }

  private async matcher(reads: AzureDevOpsReads): Promise<(item: WorkItemInfo) => Promise<boolean>> {
    const { state, stateCategory } = this.config;
    if (state !== undefined) return async (item) => item.state?.toLowerCase() === state.toLowerCase();
    const statesByType = new Map<string, Promise<Map<string, string | undefined>>>();
    return async (item) => {
      if (!item.type || !item.state) return false;
      let states = statesByType.get(item.type);
      if (!states) {
        states = reads.getWorkItemTypeStates(item.type).then((list) => new Map(list.map((s) => [s.name.toLowerCase(), s.category])));
        statesByType.set(item.type, states);
      }
      return (await states).get(item.state.toLowerCase())?.toLowerCase() === stateCategory?.toLowerCase();
    };
  }
}
