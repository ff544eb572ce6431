import type { AzureDevOpsReads, CoverageSummaryInfo, TimelineRecordInfo, WorkItemInfo, WorkItemStateInfo } from '../policy/policy-reads.port';

/** Azure DevOps as plain data, for unit tests of policies (integration tests use the HTTP test server). */
export class InMemoryReads implements AzureDevOpsReads {
  timelines = new Map<number, TimelineRecordInfo[]>();
  workItemLinks = new Map<number, number[]>();
  workItems = new Map<number, WorkItemInfo>();
  states = new Map<string, WorkItemStateInfo[]>();
  coverage = new Map<number, CoverageSummaryInfo>();
  /** The most getBuildWorkItemIds lists, as Azure DevOps does for the $top it is given. */
  workItemLimit = 1000;
  calls: string[] = [];

  async getBuild(buildId: number) {
    this.calls.push(`build ${buildId}`);
    return { id: buildId };
  }
  async getBuildTimeline(buildId: number) {
    this.calls.push(`timeline ${buildId}`);
    return this.timelines.get(buildId) ?? [];
  }
  async getBuildWorkItemIds(buildId: number) {
    this.calls.push(`workitems ${buildId}`);
    const ids = [...new Set(this.workItemLinks.get(buildId) ?? [])];
    return { ids: ids.slice(0, this.workItemLimit), complete: ids.length < this.workItemLimit, limit: this.workItemLimit };
  }
  async getWorkItems(ids: readonly number[]) {
    this.calls.push(`workitems ${ids.join(',')}`);
    return ids.flatMap((id) => this.workItems.get(id) ?? []);
  }
  async getWorkItemTypeStates(type: string) {
    this.calls.push(`states ${type}`);
    return this.states.get(type) ?? [];
  }
  async getCoverageSummary(buildId: number): Promise<CoverageSummaryInfo> {
    this.calls.push(`coverage ${buildId}`);
    return this.coverage.get(buildId) ?? { status: 'none', stats: [] };
  }
}
