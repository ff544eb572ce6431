/** What one topic (scheduled, not yet fanned out) or one subscription (queued) lost at close. */
export interface DroppedMessages {
  topic: string;
  /** Absent for scheduled messages: they belong to the topic until they are due. */
  subscription?: string;
  queued: number;
  scheduled: number;
  /** Dead letters of the subscription, gone with the bus (present only when there were any). */
  deadLettered?: number;
  /**
   * Which: message id (the event id, which for a hook is its notification id) and reason of the first
   * `DROPPED_DEAD_LETTERS_SHOWN`, so that what can still be sent again is known after the bus is gone.
   */
  deadLetters?: Array<{ messageId: string; reason: string }>;
}

/** How many dropped dead letters a close report names, per subscription (the count says how many in all). */
export const DROPPED_DEAD_LETTERS_SHOWN = 100;

/** What `EmbeddedBus.closeAndReport()` dropped; empty `dropped` when everything was delivered. */
export interface CloseReport {
  dropped: DroppedMessages[];
}

export function totalDropped(report: CloseReport): number {
  return report.dropped.reduce((sum, entry) => sum + entry.queued + entry.scheduled + (entry.deadLettered ?? 0), 0);
}
