import { organizationIdentity } from '@switchyard/contracts';
import { ProblemError } from '../problem/problem.error';
import { organizationOf } from './organization-of';

/** What claims an organization: a hook (from its notification) or a check call (its PlanUrl). */
export type OrganizationClaimant = 'hook' | 'check';

/** The organizations HOOK_KEY_ORGANIZATIONS binds one key to. */
export class BoundOrganizations {
  constructor(
    readonly keyName: string,
    private readonly identities: ReadonlySet<string>,
  ) {}

  /** Whether `url` (a hook's organization URL, a check's PlanUrl; undefined when none could be derived) is in one of them. */
  includes(url: string | undefined): boolean {
    const identity = url === undefined ? undefined : organizationIdentity(url);
    return identity !== undefined && this.identities.has(identity);
  }

  /**
   * The 403 answered when `includes(url)` is false: names the key and the organization claimed, never a secret.
   * `testNotification`: the hook's subscriptionId is all zeros, as in the sample the subscription's Test button sends.
   */
  refusal(url: string | undefined, claimant: OrganizationClaimant, testNotification = false): ProblemError {
    const organization = url === undefined ? undefined : organizationOf(url)?.shown;
    const bound = `Hook key "${this.keyName}" is bound by HOOK_KEY_ORGANIZATIONS to its organizations only`;
    const fix = `add that organization to the key's entry in HOOK_KEY_ORGANIZATIONS, or use that organization's own key`;
    let detail: string;
    if (claimant === 'hook') {
      detail =
        organization === undefined
          ? `${bound}, and no organization can be derived from this hook (it has no resourceContainers baseUrl and no Azure DevOps URL in its resource or messages). ` +
            'Send it with a key that HOOK_KEY_ORGANIZATIONS does not bind, or send the notification as Azure DevOps posts it, with its URLs.'
          : testNotification
            ? `${bound}, and this hook is from ${organization}. It is a test notification (subscriptionId all zeros): the sample the ` +
              "subscription's Test button sends may name a sample organization rather than yours, and the notifications of the subscription's " +
              `own organization will pass. Add ${organization} to the key's entry in HOOK_KEY_ORGANIZATIONS only if it is yours.`
            : `${bound}, and this hook is from ${organization}: ${fix} in the subscription.`;
    } else {
      detail =
        organization === undefined
          ? `${bound}, and this check call names no organization: send one PlanUrl header holding the organization/collection URL ` +
            '("PlanUrl": "$(system.CollectionUri)" in the check\'s Headers), or use a key that HOOK_KEY_ORGANIZATIONS does not bind.'
          : `${bound}, and this check's PlanUrl is in ${organization}: ${fix} in the check's service connection.`;
    }
    return new ProblemError(403, 'HOOK_KEY_NOT_FOR_ORGANIZATION', 'Forbidden', detail);
  }
}

/** HOOK_KEY_ORGANIZATIONS, for looking up the key of each hook and check call. */
export class KeyOrganizations {
  private readonly bound: ReadonlyMap<string, BoundOrganizations>;

  /** `bindings`: key name → organization/collection URLs, as parseHookKeyOrganizations returns them. */
  constructor(bindings: ReadonlyMap<string, readonly string[]>) {
    this.bound = new Map(
      [...bindings].map(([keyName, urls]) => [keyName, new BoundOrganizations(keyName, new Set(urls.flatMap((url) => organizationIdentity(url) ?? [])))]),
    );
  }

  /**
   * The organizations the key is bound to, or undefined for a key that may speak for any organization
   * (the key is not named in HOOK_KEY_ORGANIZATIONS). One Map lookup: all an unbound key costs.
   */
  of(keyName: string): BoundOrganizations | undefined {
    return this.bound.get(keyName);
  }
}
