/**
 * Whether a container runtime (Docker/Podman) answered when the Jest run started
 * (see tools/jest/global-setup.js), and if not, why.
 */
export function containerRuntimeUnavailableReason(): string | undefined {
  const state = process.env['SWITCHYARD_CONTAINER_RUNTIME'] ?? 'unavailable: container runtime not probed';
  return state === 'available' ? undefined : state.replace(/^unavailable: /, '');
}

/**
 * A describe block for suites that need testcontainers. Without a container runtime the
 * suite is reported as skipped, with the reason in its name, never as passed.
 */
export function describeWithContainerRuntime(name: string, body: () => void): void {
  const reason = containerRuntimeUnavailableReason();
  if (reason) {
    describe.skip(`${name} [skipped: no container runtime — ${reason}]`, body);
  } else {
    describe(name, body);
  }
}
