import { startAzurite, type RunningAzurite, type StartAzuriteOptions } from '@switchyard/azurite';

/** What the terminal is told when Azurite goes away under the run. `exit` reads e.g. "signal SIGKILL". */
export type AzuriteNotice =
  | { kind: 'restarting'; pid: number; exit: string; inMs: number }
  | { kind: 'restarted'; pid: number; inMemory: boolean }
  | { kind: 'given-up'; pid: number; why: string };

export interface RestartPolicy {
  /** Wait before each restart of a run of quick exits; when they are used up, it is given up. */
  delaysMs: readonly number[];
  /** An Azurite that ran this long before exiting starts a new run of quick exits. */
  stableMs: number;
}

const defaultPolicy: RestartPolicy = { delaysMs: [1_000, 5_000, 15_000], stableMs: 60_000 };

/**
 * The local run's Azurite, started again on the same port and files when it exits while the run goes
 * on (killed, crashed, out of memory). The services' connection string stays valid, blobs on disk are
 * kept, and the bus retries the writes that failed meanwhile, so nothing is lost if it is back within
 * the messages' deliveries. Exits that keep coming soon after each start are given up: a restart does
 * not fix what causes them.
 */
export class RestartingAzurite {
  #current: RunningAzurite;
  #quickExits = 0;
  #stopping = false;
  #stopGraceMs?: number;
  #timer?: NodeJS.Timeout;
  #restarting?: Promise<void>;

  constructor(
    first: RunningAzurite,
    private readonly options: StartAzuriteOptions,
    private readonly notify: (notice: AzuriteNotice) => void,
    private readonly policy: RestartPolicy = defaultPolicy,
    private readonly start: (options: StartAzuriteOptions) => Promise<RunningAzurite> = startAzurite,
  ) {
    this.#current = first;
    this.#watch(first);
  }

  get pid(): number {
    return this.#current.pid;
  }

  get blobEndpoint(): string {
    return this.#current.blobEndpoint;
  }

  get blobPort(): number {
    return this.#current.blobPort;
  }

  get connectionString(): string {
    return this.#current.connectionString;
  }

  /**
   * Stops Azurite, and a restart that is waiting or under way, and resolves once their pids are gone.
   * Stopping at once (any `graceMs`) does not wait for a start under way (up to Azurite's start timeout):
   * that Azurite is stopped as soon as it has started, and it ends with this process anyway.
   */
  async stop(graceMs?: number): Promise<void> {
    this.#stopping = true;
    this.#stopGraceMs = graceMs;
    clearTimeout(this.#timer);
    await Promise.all([graceMs === undefined ? this.#restarting : undefined, this.#current.stop(graceMs)]);
  }

  #watch(azurite: RunningAzurite): void {
    const startedAt = Date.now();
    void azurite.exited.then(({ code, signal }) => {
      if (this.#stopping) return;
      this.#quickExits = Date.now() - startedAt < this.policy.stableMs ? this.#quickExits + 1 : 1;
      const exit = signal ? `signal ${signal}` : `code ${code}`;
      const inMs = this.policy.delaysMs[this.#quickExits - 1];
      if (inMs === undefined) {
        const within = Math.round(this.policy.stableMs / 1000);
        this.notify({ kind: 'given-up', pid: azurite.pid, why: `exited (${exit}) ${this.#quickExits} times, each within ${within} s of starting` });
        return;
      }
      this.notify({ kind: 'restarting', pid: azurite.pid, exit, inMs });
      this.#timer = setTimeout(() => (this.#restarting = this.#restart(azurite)), inMs);
    });
  }

  async #restart(gone: RunningAzurite): Promise<void> {
    let started: RunningAzurite;
    try {
      // The same port: the services' connection string and the absolute badge URLs stay valid.
      started = await this.start({ ...this.options, blobPort: gone.blobPort });
    } catch (error) {
      if (!this.#stopping) this.notify({ kind: 'given-up', pid: gone.pid, why: `could not be started again: ${(error as Error).message}` });
      return;
    }
    // A stop came while it started: it is not wanted any more.
    if (this.#stopping) return started.stop(this.#stopGraceMs);
    this.#current = started;
    this.notify({ kind: 'restarted', pid: this.#current.pid, inMemory: this.options.inMemory === true });
    this.#watch(this.#current);
  }
}
