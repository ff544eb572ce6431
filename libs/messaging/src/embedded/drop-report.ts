/** What one topic (scheduled, not yet fanned out) or one subscription (queued) lost at close. */
export interface DroppedMessages {
  topic: string;
  /** Absent for scheduled messages: they belong to the topic until they are due. */
  subscription?: string;
  queued: number;
  scheduled: number;
  /** Dead letters of the subscription, gone with the bus (present only when there were any). */
  deadLettered?: number;
}

/** What `EmbeddedBus.closeAndReport()` dropped; empty `dropped` when everything was delivered. */
export interface CloseReport {
  dropped: DroppedMessages[];
}

export function totalDropped(report: CloseReport): number {
  return report.dropped.reduce((sum, entry) => sum + entry.queued + entry.scheduled + (entry.deadLettered ?? 0), 0);
}
