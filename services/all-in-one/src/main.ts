import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { initTracing, scrubText, secretsFromEnv } from '@switchyard/observability';
import { explainListenFailure } from '@switchyard/service-host';
import { resolveFromInitCwd } from './init-cwd-paths';
import type { AzuriteNotice } from './restarting-azurite';
import { runAllInOne, type AllInOne } from './run-all-in-one';
import { stopAtOnceHint, stopRequests } from './stop-requests';
import { stopWhenOrphaned } from './stop-when-orphaned';

// `npm start`: every service in one process on the embedded bus, Azurite as a child process.
// Plain console lines here are for the person at the terminal; services log JSON themselves.

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Second Ctrl-C: how long Azurite may take to save its database before it is killed. */
const AT_ONCE_GRACE_MS = 2_000;

async function main(): Promise<void> {
  const env = process.env;
  // Before anything reads them: relative to where `npm start` was typed, not the repository root npm runs in.
  resolveFromInitCwd(env);
  // One process, one trace pipeline: spans of every service go out under the name "switchyard".
  // Before the secrets are generated (runAllInOne writes them into env): tracing reads env for the
  // secrets to scrub as each span starts, so they are scrubbed all the same.
  const tracing = initTracing({ service: 'switchyard', env });
  // Only when on: a local run without a collector needs no line about it.
  if (tracing.enabled) console.log(shown(tracing.summary));
  env['PORT'] ??= '8080';
  // Blank means unset (the default), not the current directory.
  const dataDir = resolve(env['SWITCHYARD_DATA_DIR']?.trim() || join(repositoryRoot(), '.switchyard'));

  // Signal handlers first: a stop while Azurite or a service is starting closes what
  // already started, instead of Node's default exit leaving Azurite to shut itself down afterwards.
  const starting = new AbortController();
  let app: AllInOne | undefined;
  const decide = stopRequests();
  // Not waiting for the services: Azurite alone gets `graceMs` to save its database.
  const exitAfterAzurite = (graceMs: number) => void (app?.azurite?.stop(graceMs) ?? Promise.resolve()).finally(() => process.exit(130));
  const stop = (reason: string, signal?: NodeJS.Signals) => {
    const decision = decide(signal);
    if (decision === 'ignore') return;
    if (decision === 'at-once') {
      // Ctrl-C again: the user will not wait for handlers in flight (e.g. against a slow Azure DevOps).
      // Azurite still gets a moment: it saves its blob database only every 5 s and on shutdown, so a
      // kill would lose the badges it stored in the last seconds.
      console.error(
        `switchyard stopping at once (${reason} again): what the in-process bus still holds (messages in flight, queued, scheduled or dead-lettered) is lost; ` +
          `azurite gets up to ${AT_ONCE_GRACE_MS / 1000} s to save its data (${reason} once more to kill it, losing the badges it stored in the last 5 s)`,
      );
      // Said before exiting, as a clean stop says it: how many hooks were lost, and which dead letters
      // to send again after the restart.
      app?.dropBusNow();
      exitAfterAzurite(AT_ONCE_GRACE_MS);
      return;
    }
    if (decision === 'kill') {
      console.error(`switchyard killing azurite (${reason} a third time): the badges it stored in the last 5 s are lost`);
      exitAfterAzurite(0);
      return;
    }
    console.log(`switchyard stopping (${reason})…${stopAtOnceHint(signal)}`);
    // While starting, the start itself closes what it started and rejects (below).
    if (app) void stopped(app.close());
    else starting.abort(new Error(`stopped while starting (${reason})`));
  };
  const stopped = (closing: Promise<void>) =>
    closing
      // Spans that cannot reach the collector are lost, but the services did stop cleanly.
      .then(() => tracing.shutdown().catch((error: unknown) => console.error(`switchyard could not flush its traces: ${shown(error)}`)))
      .then(() => {
        console.log('switchyard stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`switchyard did not stop cleanly: ${shown(error)}`);
        process.exit(1);
      });
  process.on('SIGINT', () => stop('SIGINT', 'SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM', 'SIGTERM'));
  // The terminal was closed: stop as cleanly as on Ctrl-C. Writing to a closed terminal fails (EIO),
  // and such a failure must not end the process before the services and Azurite are stopped.
  process.on('SIGHUP', () => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    stop('SIGHUP', 'SIGHUP');
  });
  stopWhenOrphaned((reason) => stop(reason));

  try {
    app = await runAllInOne({ env, dataDir, signal: starting.signal, onAzurite: tellAzurite });
  } catch (error) {
    if (!starting.signal.aborted) throw error;
    // Everything that had started is closed again: a clean stop.
    return stopped(Promise.resolve());
  }

  const { azurite } = app;
  for (const warning of app.warnings) console.warn(warning);
  if (app.generated.hookKey) {
    console.log(
      `HOOK_KEYS was not set; generated the hook key "${app.generated.hookKey.name}" for this run: it changes at every start, so a ` +
        'subscription with this URL gets 401 after a restart. To keep one, set HOOK_KEYS=local:<secret of 16 characters or more>.',
    );
    console.log(`Paste this URL into an Azure DevOps Web Hooks subscription: ${app.hookUrl}`);
  } else if (app.hookUrl) {
    // The key is the user's own: never printed.
    console.log(`Paste this URL into an Azure DevOps Web Hooks subscription, with a secret of HOOK_KEYS for <secret>: ${app.hookUrl}?code=<secret>`);
  }
  const parts = app.services.map((service) => (service.url ? `${service.name} ${service.url}` : service.name));
  const storage = azurite ? ` · azurite ${azurite.blobEndpoint} (pid ${azurite.pid})` : '';
  // Our own pid first: the one to signal (`kill -INT` to npm's pid reaches only the shell npm runs us under).
  console.log(`switchyard ready: pid ${process.pid} · ${parts.join(' · ')}${storage} · Ctrl-C to stop`);
}

main().catch((error: unknown) => {
  // The ingress listens on HOST / PORT: say so rather than "getaddrinfo ENOTFOUND …".
  const reason = explainListenFailure(error, process.env) ?? error;
  console.error(`switchyard failed to start: ${shown(reason)}`);
  process.exit(1);
});

/** Azurite went away under the run: say so, or all the terminal shows is each badge write failing. */
function tellAzurite(notice: AzuriteNotice): void {
  if (notice.kind === 'restarting') {
    console.error(
      `azurite (pid ${notice.pid}) exited unexpectedly (${notice.exit}): starting it again in ${notice.inMs / 1000} s, on the same port; ` +
        'badge writes fail meanwhile and the bus delivers them again.',
    );
  } else if (notice.kind === 'restarted') {
    console.error(`azurite started again (pid ${notice.pid})${notice.inMemory ? ', empty: it kept its blobs in memory, so badges are written anew as events arrive' : ''}.`);
  } else {
    console.error(
      `azurite (pid ${notice.pid}) ${notice.why}: badges cannot be stored until you restart switchyard (Ctrl-C, then npm start).`,
    );
  }
}

/** A line for the operator (an error's message, the tracing summary): scrubbed, as the services' own logs are (it may quote a setting's value). */
function shown(value: unknown): string {
  // process.env holds this run's secrets, the generated ones included (they are written into it).
  return scrubText(value instanceof Error ? value.message : String(value), secretsFromEnv(process.env));
}
