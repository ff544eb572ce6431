import type { Logger } from '@switchyard/observability';

/**
 * Re-creates the badge container when it was found missing: the container itself, the empty index
 * and the gallery (the start-up preparation, run again). However many handlers and readiness probes
 * notice at once, one preparation runs. It never rejects: a failure (Azure refuses to re-create a
 * container for a while after deleting it) is logged, and the next event or probe tries again.
 */
export class ContainerRecovery {
  private running: Promise<void> | undefined;

  constructor(
    private readonly prepare: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  recover(): Promise<void> {
    this.running ??= this.prepare()
      .then(
        () => this.logger.warn('the badge container was missing; re-created it with an empty index and the gallery'),
        (error: unknown) => this.logger.error({ err: error }, 'the badge container is missing and could not be re-created yet; retrying with the next event'),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
