import type { Logger } from '@switchyard/observability';

export interface ContainerRecoveryOptions {
  /** Wait between tries while Azure refuses the name (it does for at least 30 s after a container is deleted). */
  retryDelayMs?: number;
}

/**
 * Re-creates the badge container when it was found missing: the container itself, the empty index
 * and the gallery (the start-up preparation, run again). However many handlers and readiness probes
 * notice at once, one preparation runs. A failure is logged, never thrown. Once it succeeds, the
 * listeners forget what they remembered of the old container (blob versions, the index), which no
 * longer says anything about what is stored.
 */
export class ContainerRecovery {
  private running: Promise<boolean> | undefined;
  private readonly listeners: (() => void)[] = [];
  private readonly retryDelayMs: number;

  constructor(
    private readonly prepare: () => Promise<void>,
    private readonly logger: Logger,
    options: ContainerRecoveryOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
  }

  onRecreated(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** One try (shared with any already running); true when the container is there again. */
  recover(): Promise<boolean> {
    this.running ??= this.prepare()
      .then(
        () => {
          for (const listener of this.listeners) listener();
          this.logger.warn('the badge container was missing; re-created it with an empty index and the gallery');
          return true;
        },
        (error: unknown) => {
          this.logger.error({ err: error }, 'the badge container is missing and could not be re-created yet');
          return false;
        },
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /**
   * Tries until the container is there again or `withinMs` is up: a handler holds its message (inside
   * its lock) meanwhile, instead of giving it back to be redelivered at once, which would use up its
   * deliveries while Azure still refuses the name.
   */
  async recoverWithin(withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      if (await this.recover()) return true;
      if (Date.now() + this.retryDelayMs > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
    }
  }
}
