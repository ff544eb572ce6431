import type { PolicyType } from '../policy/policy-type';

/** Policy types by name. A new type is one class plus one `register` call. */
export class PolicyRegistry {
  private readonly byType = new Map<string, PolicyType>();

  register<O>(policyType: PolicyType<O>): this {
    if (this.byType.has(policyType.type)) {
      throw new Error(`Policy type "${policyType.type}" is registered twice; give the new class another type name`);
    }
    this.byType.set(policyType.type, policyType as PolicyType);
    return this;
  }

  get(type: string): PolicyType | undefined {
    return this.byType.get(type);
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }
}
