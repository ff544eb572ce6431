import type { EventContract } from '../envelope/define-event';
import type { JsonObject } from './json-access';

/** A notification whose envelope fields have been checked (see `read-notification.ts`). */
export interface Notification {
  readonly id: string;
  readonly eventType: string;
  readonly resource: JsonObject;
  readonly payload: JsonObject;
  readonly organizationUrl?: string;
  readonly projectId?: string;
}

/** What a mapper makes of a notification: the contract, its data, and what is missing. */
export interface MappedHook {
  readonly contract: EventContract;
  readonly data: unknown;
  readonly subject?: string;
  /** Fields the event is meaningless without, named by their JSON path in the notification. */
  readonly issues: string[];
}

export type HookMapper = (notification: Notification) => MappedHook;
