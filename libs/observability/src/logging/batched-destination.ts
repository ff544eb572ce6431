import pino, { type DestinationStream } from 'pino';

const BATCH_CHARS = 16 * 1024;
const FLUSH_EVERY_MS = 250;

/**
 * Log lines collected into batches of about 16 KiB, each written with one synchronous write, and at
 * least every 250 ms at low traffic; what is left is written when the process exits. One write
 * syscall per line costs more CPU under load than building the line. The batching is ours rather
 * than sonic-boom's `minLength`, because sonic-boom measures the byte length of its whole pending
 * buffer on every line it is given (2–3 µs a line at 4 KiB). Synchronous writes of whole batches
 * keep the exit path simple (nothing is in flight when the process ends), and a stalled log reader
 * slows the service down instead of growing its memory without bound.
 */
export class BatchedDestination implements DestinationStream {
  private pending = '';
  private ended = false;
  private readonly stream: ReturnType<typeof pino.destination>;
  private readonly timer: NodeJS.Timeout;
  private readonly onExit = () => this.writePending();

  constructor(private readonly dest: number | string) {
    this.stream = pino.destination({ dest, sync: true });
    this.timer = setInterval(this.onExit, FLUSH_EVERY_MS);
    this.timer.unref();
    process.on('exit', this.onExit);
  }

  write(line: string): void {
    if (this.ended) throw new Error('BatchedDestination: write after end()');
    this.pending += line;
    if (this.pending.length >= BATCH_CHARS) this.writePending();
  }

  /** Writes what is batched now (pino's `logger.flush()`). */
  flush(callback?: (error?: Error) => void): void {
    this.writePending();
    callback?.();
  }

  flushSync(): void {
    this.writePending();
  }

  /** Writes what is left and closes the file (not stdout: other code may still write to it). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.writePending();
    clearInterval(this.timer);
    process.removeListener('exit', this.onExit);
    if (typeof this.dest === 'string') this.stream.end();
  }

  private writePending(): void {
    if (this.pending === '') return;
    const batch = this.pending;
    this.pending = '';
    this.stream.write(batch);
  }
}

let stdout: BatchedDestination | undefined;

/** The process's one batched stdout: every logger writing there shares it, so batches never split a line. */
export function batchedStdout(): BatchedDestination {
  return (stdout ??= new BatchedDestination(1));
}
