import type { FastifyRequest } from 'fastify';
import { adminKeyMatcher } from '@switchyard/messaging';
import type { HookKey } from '../config/hook-keys';
import { requestSlot } from '../request-context/request-slot';

/** A hook key as the admin routes see it: bound keys may not use them. */
export interface AdminKey {
  readonly name: string;
  /** Named by HOOK_KEY_ORGANIZATIONS. */
  readonly bound: boolean;
}

/**
 * Tells which hook key an admin request presents, read as the admin routes read it (X-Hook-Key or
 * Bearer: messaging's adminKeyMatcher). Every key is compared whichever matches, so timing does not
 * tell which one did.
 */
export class AdminKeys {
  private readonly match: (request: FastifyRequest) => string | undefined;
  private readonly keys: ReadonlyMap<string, AdminKey>;

  /** `bindings`: HOOK_KEY_ORGANIZATIONS, key name → its organizations. */
  constructor(hookKeys: readonly HookKey[], bindings: ReadonlyMap<string, unknown>) {
    this.match = adminKeyMatcher(hookKeys);
    this.keys = new Map(hookKeys.map((key) => [key.name, { name: key.name, bound: bindings.has(key.name) }]));
  }

  /** The key the request presents; undefined for none or a wrong one. */
  presentedIn(request: FastifyRequest): AdminKey | undefined {
    const name = this.match(request);
    return name === undefined ? undefined : this.keys.get(name);
  }
}

const adminKeyName = requestSlot<string>('switchyard.adminKeyName');

/** Records the unbound key an admin request was let in with (admitAdminKey). */
export function setAdminKeyName(request: FastifyRequest, name: string): void {
  adminKeyName.set(request, name);
}

/** The name of the unbound hook key that opened this admin request, if any. */
export function adminKeyNameOf(request: FastifyRequest): string | undefined {
  return adminKeyName.get(request);
}
