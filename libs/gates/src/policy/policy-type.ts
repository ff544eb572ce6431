import type { z } from 'zod';
import type { GatePolicy } from './gate-policy.port';

/**
 * A policy type: one class, registered under `type`. Its static `options` schema validates the
 * type-specific fields of a policies-file entry; `sync` says whether it decides from the request alone
 * (so `POST /checks/{policy}/sync` may use it).
 */
export interface PolicyType<O = unknown> {
  readonly type: string;
  readonly sync: boolean;
  readonly description: string;
  readonly options: z.ZodType<O>;
  new (options: O): GatePolicy;
}
