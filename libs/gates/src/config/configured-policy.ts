import type { GatePolicy } from '../policy/gate-policy.port';

/** One named entry of the policies file, validated and instantiated. */
export interface ConfiguredPolicy {
  readonly name: string;
  readonly type: string;
  /** Decides from the request alone, so `POST /checks/{name}/sync` may use it. */
  readonly sync: boolean;
  /** Milliseconds between evaluations while the policy says "wait". */
  readonly everyMs: number;
  /** Milliseconds after the check call when a still-waiting check fails. */
  readonly timeoutMs: number;
  /** At most this many evaluations (≤ 2,000); the last one that still waits fails the check. */
  readonly maxEvaluations: number;
  readonly policy: GatePolicy;
  /** 1-based line of the entry in the policies file, for messages. */
  readonly line?: number;
}

/** The policies of a policies file, by name. */
export class GatePolicies {
  private readonly byName: ReadonlyMap<string, ConfiguredPolicy>;

  constructor(
    policies: readonly ConfiguredPolicy[],
    /** Where they came from (file path), for messages. */
    readonly source?: string,
  ) {
    this.byName = new Map(policies.map((policy) => [policy.name, policy]));
  }

  get(name: string): ConfiguredPolicy | undefined {
    return this.byName.get(name);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get all(): ConfiguredPolicy[] {
    return [...this.byName.values()];
  }
}
