import type { OrganizationClient } from '@switchyard/azure-devops';
import type { AzureDevOpsReads, BuildInfo, CoverageStatInfo, TimelineRecordInfo, WorkItemInfo, WorkItemStateInfo } from '@switchyard/gates';

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

  async getBuildWorkItemIds(buildId: number): Promise<number[]> {
    const refs = await this.client.getBuildWorkItemRefs({ project: this.projectId, buildId });
    return [...new Set(refs.map((ref) => ref.id))];
  }

  async getWorkItem(id: number): Promise<WorkItemInfo> {
    const item = await this.client.getWorkItem(id, { fields: ['System.WorkItemType', 'System.State'] });
    return { id: item.id, type: text(item.fields['System.WorkItemType']), state: text(item.fields['System.State']) };
  }

  async getWorkItemTypeStates(workItemType: string): Promise<WorkItemStateInfo[]> {
    return (await this.client.getWorkItemTypeStates(this.projectId, workItemType)).map((state) => ({ name: state.name, category: state.category }));
  }

  async getCoverageStats(buildId: number): Promise<CoverageStatInfo[]> {
    return (await this.client.getCodeCoverageSummary(this.projectId, buildId)).figures.map(({ label, covered, total }) => ({ label, covered, total }));
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
