import type { OrganizationClient } from '@switchyard/azure-devops';
import type { AzureDevOpsReads, BuildInfo, BuildWorkItemIds, CoverageSummaryInfo, TimelineRecordInfo, WorkItemInfo, WorkItemStateInfo } from '@switchyard/gates';

/** Work items asked for per build. Azure DevOps lists 50 without $top, and an answer of `top` items may be cut off. */
const WORK_ITEMS_TOP = 1000;

/** The policies' view of Azure DevOps, over one check's organization client (its AuthToken, its project). */
export class AzureDevOpsReadsAdapter implements AzureDevOpsReads {
  constructor(
    private readonly client: OrganizationClient,
    private readonly projectId: string,
  ) {}

  async getBuild(buildId: number): Promise<BuildInfo> {
    const build = await this.client.getBuild(this.projectId, buildId);
    return { id: build.id, status: build.status, result: build.result, reason: build.reason, sourceVersion: build.sourceVersion };
  }

  async getBuildTimeline(buildId: number): Promise<TimelineRecordInfo[]> {
    const timeline = await this.client.getBuildTimeline(this.projectId, buildId);
    return timeline.records.map((record) => ({ type: record.type, name: record.name, state: record.state, result: record.result, taskId: record.task?.id }));
  }

  async getBuildWorkItemIds(buildId: number): Promise<BuildWorkItemIds> {
    const refs = await this.client.getBuildWorkItemRefs({ project: this.projectId, buildId, top: WORK_ITEMS_TOP });
    return { ids: [...new Set(refs.map((ref) => ref.id))], complete: refs.length < WORK_ITEMS_TOP, limit: WORK_ITEMS_TOP };
  }

  async getWorkItems(ids: readonly number[]): Promise<WorkItemInfo[]> {
    // Batches of 200, the most Azure DevOps reads in one request: a few requests for a large build, not one per item.
    const items = await this.client.getWorkItems(ids, { fields: ['System.WorkItemType', 'System.State'] });
    return items.map((item) => ({ id: item.id, type: text(item.fields['System.WorkItemType']), state: text(item.fields['System.State']) }));
  }

  async getWorkItemTypeStates(workItemType: string): Promise<WorkItemStateInfo[]> {
    return (await this.client.getWorkItemTypeStates(this.projectId, workItemType)).map((state) => ({ name: state.name, category: state.category }));
  }

  async getCoverageSummary(buildId: number): Promise<CoverageSummaryInfo> {
    const summary = await this.client.getCodeCoverageSummary(this.projectId, buildId);
    return { status: summary.status, stats: summary.figures.map(({ label, covered, total }) => ({ label, covered, total })) };
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
