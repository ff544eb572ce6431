import { CoverageSummaryStatus } from 'azure-devops-node-api/interfaces/TestInterfaces';
import { enumText } from '../client/enum-text';
import type { OrganizationConnection } from '../client/organization-connection';
import { requireId, requireText } from '../client/validate';

export interface CoverageFigure {
  label: string;
  covered: number;
  total: number;
  /** covered/total in percent, undefined when total is 0. */
  percent?: number;
}

export interface CodeCoverageSummary {
  buildId: number;
  /** Server-side processing status, e.g. "completed", "inProgress", "none". */
  status?: string;
  /** Figures per label (Lines, Branches, Blocks…), summed over build flavors/platforms. */
  figures: CoverageFigure[];
}

export async function getCodeCoverageSummary(connection: OrganizationConnection, project: string, buildId: number): Promise<CodeCoverageSummary> {
  requireText(project, 'project');
  requireId(buildId, 'buildId');
  return connection.run('getCodeCoverageSummary', async () => {
    const api = await connection.testApi();
    const summary = await api.getCodeCoverageSummary(project, buildId);
    const totals = new Map<string, { label: string; covered: number; total: number }>();
    for (const data of summary?.coverageData ?? []) {
      for (const stat of data.coverageStats ?? []) {
        const key = stat.label.toLowerCase();
        const entry = totals.get(key) ?? { label: stat.label, covered: 0, total: 0 };
        entry.covered += stat.covered ?? 0;
        entry.total += stat.total ?? 0;
        totals.set(key, entry);
      }
    }
    return {
      buildId,
      status: enumText(CoverageSummaryStatus, summary?.status),
      figures: [...totals.values()].map((figure) => ({
        ...figure,
        percent: figure.total > 0 ? Math.round((figure.covered / figure.total) * 10_000) / 100 : undefined,
      })),
    };
  });
}
