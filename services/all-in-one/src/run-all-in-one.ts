import { createBus, EmbeddedBus } from '@switchyard/messaging';
import { closeInOrder } from '@switchyard/service-host';
import { allServicesHealth } from './all-services-health';
import { azuriteOptionsFromEnv } from './azurite-options';
import { startAzuriteOnItsPort } from './azurite-port';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { localBusSettings } from './local-bus-settings';
import { RestartingAzurite, type AzuriteNotice } from './restarting-azurite';
import { ensureLocalSecrets, type GeneratedSecrets } from './local-secrets';
import { services as defaultServices, type RunningService, type StartService } from './services';

export interface AllInOneOptions {
  /** Mutated: generated secrets and STORAGE_CONNECTION_STRING are added for the services. */
  env: Record<string, string | undefined>;
  /**
   * Folder for local state (Azurite's data under `azurite/`, unless SWITCHYARD_AZURITE_MEMORY=true);
   * `<repo>/.switchyard` by default.
   */
  dataDir: string;
  services?: StartService[];
  /**
   * A stop asked for while starting (Ctrl-C, SIGTERM): checked after each start step, since each is
   * short; what already started is closed again and the start rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Told when Azurite exits under the run, and whether it is started again. */
  onAzurite?: (notice: AzuriteNotice) => void;
}

export interface AllInOne {
  services: RunningService[];
  azurite?: RestartingAzurite;
  generated: GeneratedSecrets;
  /** Settings the run does not use (BUS=servicebus, SERVICEBUS_*) and Azurite on a new port, one line each for the terminal. */
  warnings: string[];
  /** The ingress' service-hook URL, with `?code=` when the hook key was generated for this run. */
  hookUrl?: string;
  close(): Promise<void>;
  /**
   * The stop at once (a second Ctrl-C): drops what the in-process bus holds, handlers in flight
   * included, and reports it on stderr as close() does, before the process exits without waiting.
   */
  dropBusNow(): void;
}

/**
 * Starts everything on one EmbeddedBus: Azurite for Blob storage (unless STORAGE_CONNECTION_STRING
 * is set), then every service. If one fails to start, what already started is closed again. The
 * ingress, the one service on HTTP, answers GET /readyz and GET /metrics for all of them.
 */
export async function runAllInOne(options: AllInOneOptions): Promise<AllInOne> {
  const env = options.env;
  // First: a bad bus setting fails before Azurite is started.
  const busSettings = localBusSettings(env);
  const generated = ensureLocalSecrets(env);
  const sharedBus = new EmbeddedBus(busSettings.options);
  const health = allServicesHealth();
  const running: RunningService[] = [];
  const handles: ReturnType<typeof createBus>[] = [];
  let azurite: RestartingAzurite | undefined;
  let lock: DataDirLock | undefined;
  const warnings = busSettings.warning ? [busSettings.warning] : [];

  // `running` is in list order, which is close order: the ingress (listed first) stops accepting hooks
  // before the consumers drain their in-flight handlers; then the bus goes, and Azurite, which they write
  // to, last. Services start in the reverse order, so the ingress accepts nothing before every consumer
  // has started (a consumer's bad configuration stops the run before any hook is answered 202).
  const close = (): Promise<void> =>
    closeInOrder([
      ...running.splice(0).map((service) => () => service.close()),
      ...handles.splice(0).map((handle) => () => handle.close()),
      () => sharedBus.close(),
      () => azurite?.stop(),
      () => lock?.release(),
    ]);

  try {
    if (!env['STORAGE_CONNECTION_STRING']?.trim()) {
      const azuriteOptions = azuriteOptionsFromEnv(env, options.dataDir);
      if (azuriteOptions.location) lock = lockDataDir(options.dataDir);
      azurite = new RestartingAzurite(await startAzuriteOnItsPort(azuriteOptions, (line) => warnings.push(line)), azuriteOptions, options.onAzurite ?? (() => undefined));
      options.signal?.throwIfAborted();
      env['STORAGE_CONNECTION_STRING'] = azurite.connectionString;
    }
    for (const start of [...(options.services ?? defaultServices)].reverse()) {
      const bus = createBus({ backend: 'embedded', embedded: sharedBus });
      handles.push(bus);
      const service = await start({ bus, env, health });
      running.unshift(service);
      if (service.health) health.add(service.health);
      options.signal?.throwIfAborted();
    }
    health.started();
  } catch (error) {
    // The start failure is what the user must fix; a close failure on the way out must not hide it.
    await close().catch(() => undefined);
    throw ownStorageHint(error, azurite === undefined);
  }

  const ingressUrl = running.find((service) => service.name === 'ingress')?.url;
  const hookUrl =
    ingressUrl &&
    `${ingressUrl}/hooks/azure-devops${generated.hookKey ? `?code=${encodeURIComponent(generated.hookKey.secret)}` : ''}`;
  return { services: running, azurite, generated, warnings, hookUrl, close, dropBusNow: () => void sharedBus.closeNow() };
}

/** A storage failure when Azurite was skipped: say why it was, since the user may not know the variable is set. */
function ownStorageHint(error: unknown, azuriteSkipped: boolean): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!azuriteSkipped || typeof code !== 'string' || !code.startsWith('BLOB_') || !(error instanceof Error)) return error;
  return Object.assign(
    new Error(
      `${error.message}. npm start did not start Azurite because STORAGE_CONNECTION_STRING is set: start the storage it names, or unset it to use the local Azurite.`,
      { cause: error },
    ),
    { code },
  );
}
