export interface WorkItemRelation {
  rel: string;
  url: string;
  attributes?: Record<string, unknown>;
}

export interface WorkItem {
  id: number;
  rev?: number;
  /** Reference-name keyed, e.g. fields["System.State"], fields["System.WorkItemType"]. */
  fields: Record<string, unknown>;
  relations?: WorkItemRelation[];
  url?: string;
}

export interface WorkItemTypeState {
  name: string;
  color?: string;
  /** Proposed, InProgress, Resolved, Completed or Removed. */
  category?: string;
}

export interface GetWorkItemOptions {
  project?: string;
  fields?: readonly string[];
  /** Include links (relations); cannot be combined with `fields` (REST API rule). */
  includeRelations?: boolean;
}
