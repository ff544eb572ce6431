import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { Topology } from '../bus/topology';
import { serviceBusEmulatorConfig } from './emulator-config';

const SQL_ALIAS = 'sqledge';
// Test-only password of a throw-away container on a private network.
const SQL_PASSWORD = 'Switchyard!Emulator1';

export interface StartedServiceBusEmulator {
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts the Service Bus emulator and its SQL Edge dependency with testcontainers 11 (the
 * @testcontainers/azureservicebus module needs testcontainers 12, which crashes on Node 20).
 */
export async function startServiceBusEmulator(topology: Topology): Promise<StartedServiceBusEmulator> {
  const started: { stop(): Promise<unknown> }[] = [];
  const configDir = await mkdtemp(join(tmpdir(), 'sb-emulator-'));
  const stop = async () => {
    for (const resource of started.reverse()) await resource.stop().catch(() => undefined);
    await rm(configDir, { recursive: true, force: true });
  };
  try {
    const configFile = join(configDir, 'Config.json');
    await writeFile(configFile, JSON.stringify(serviceBusEmulatorConfig(topology), null, 2));
    const network: StartedNetwork = await new Network().start();
    started.push(network);
    const sql: StartedTestContainer = await new GenericContainer('mcr.microsoft.com/azure-sql-edge:latest')
      .withEnvironment({ ACCEPT_EULA: 'Y', MSSQL_SA_PASSWORD: SQL_PASSWORD })
      .withNetwork(network)
      .withNetworkAliases(SQL_ALIAS)
      .withWaitStrategy(Wait.forLogMessage(/SQL Server is now ready for client connections/))
      .start();
    started.push(sql);
    const emulator = await new GenericContainer('mcr.microsoft.com/azure-messaging/servicebus-emulator:latest')
      .withEnvironment({ ACCEPT_EULA: 'Y', SQL_SERVER: SQL_ALIAS, MSSQL_SA_PASSWORD: SQL_PASSWORD })
      .withNetwork(network)
      .withCopyFilesToContainer([{ source: configFile, target: '/ServiceBus_Emulator/ConfigFiles/Config.json' }])
      .withExposedPorts(5672)
      .withWaitStrategy(Wait.forLogMessage(/Emulator Service is Successfully Up!/))
      .withStartupTimeout(180_000)
      .start();
    started.push(emulator);
    const port = emulator.getMappedPort(5672);
    return {
      connectionString: `Endpoint=sb://${emulator.getHost()}:${port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
