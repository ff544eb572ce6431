/**
 * Calls `stop` once the process that started this one is gone. `npm start` runs us under `sh -c`,
 * and a SIGTERM sent to npm reaches only that shell: without this, the run would go on in the
 * background, holding its port and Azurite. The parent pid changes when the parent exits (to 1 or to
 * a subreaper). Polls once a second; the timer does not keep the process alive.
 */
export function stopWhenOrphaned(stop: (reason: string) => void, intervalMs = 1_000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    stop(`parent process ${parent} exited`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
