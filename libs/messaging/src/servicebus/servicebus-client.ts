import { DefaultAzureCredential } from '@azure/identity';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import type { ServiceBusConnection } from '../bus/bus-options';
import { BusConfigError } from '../errors/bus-config.error';

/** One ServiceBusClient per bus: the namespace host with DefaultAzureCredential, or a connection string. */
export function createServiceBusClient(options: ServiceBusConnection): ServiceBusClient {
  if (options.connectionString) return new ServiceBusClient(options.connectionString);
  if (options.fullyQualifiedNamespace) return new ServiceBusClient(options.fullyQualifiedNamespace, new DefaultAzureCredential());
  throw new BusConfigError('SERVICEBUS_FQDN', 'set SERVICEBUS_FQDN or SERVICEBUS_CONNECTION_STRING');
}

export function createAdministrationClient(options: ServiceBusConnection): ServiceBusAdministrationClient {
  if (options.connectionString) return new ServiceBusAdministrationClient(options.connectionString);
  if (options.fullyQualifiedNamespace) return new ServiceBusAdministrationClient(options.fullyQualifiedNamespace, new DefaultAzureCredential());
  throw new BusConfigError('SERVICEBUS_FQDN', 'set SERVICEBUS_FQDN or SERVICEBUS_CONNECTION_STRING');
}
