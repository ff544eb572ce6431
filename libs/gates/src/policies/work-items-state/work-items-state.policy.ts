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
 * Fails when Azure DevOps' list of linked work items may be cut off: an item it left out could be open.
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
    const linked = await reads.getBuildWorkItemIds(buildId);
    if (!linked.complete) {
      return fail(
        `Build ${buildId} has at least ${linked.limit} linked work items, the most Azure DevOps lists in one answer, so some may be missing ` +
          `and the policy cannot check them all; link fewer work items to the run's commits and pull requests`,
      );
    }
    if (linked.ids.length === 0) return fail(`Build ${buildId} has no linked work items; link the work items this change delivers`);
    const read = new Map((await reads.getWorkItems(linked.ids)).map((item) => [item.id, item]));
    // A linked item that cannot be read (deleted, or outside the token's reach) cannot be shown done.
    const items = linked.ids.map((id): WorkItemInfo => read.get(id) ?? { id, state: 'not readable' });
    const matches = await this.matcher(reads, [...read.values()]);
    const pending = items.filter((item) => !read.has(item.id) || !matches(item));
    const target = this.config.state ?? `state category ${this.config.stateCategory}`;
    if (pending.length === 0) return pass(`All ${items.length} linked work items are ${target}`);
    const waitingFor = pending.map((item) => `#${item.id} (${item.state ?? 'no state'})`).join(', ');
    return wait(`${items.length - pending.length} of ${items.length} linked work items are ${target}; waiting for ${waitingFor}`);
  }

  /** The test for one item; for a state category, with the states of every type involved read at once. */
  private async matcher(reads: AzureDevOpsReads, items: readonly WorkItemInfo[]): Promise<(item: WorkItemInfo) => boolean> {
    const { state, stateCategory } = this.config;
    if (state !== undefined) return (item) => item.state?.toLowerCase() === state.toLowerCase();
    const types = [...new Set(items.filter((item) => item.type && item.state).map((item) => item.type as string))];
    const categories = new Map(
      await Promise.all(
        types.map(async (type) => [type, new Map((await reads.getWorkItemTypeStates(type)).map((s) => [s.name.toLowerCase(), s.category]))] as const),
      ),
    );
    return (item) => {
      if (!item.type || !item.state) return false;
      return categories.get(item.type)?.get(item.state.toLowerCase())?.toLowerCase() === stateCategory?.toLowerCase();
    };
  }
}
