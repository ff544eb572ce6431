import { UseFilters, applyDecorators } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { EventContract } from '@switchyard/contracts';
import { RethrowToTransport } from '../server/rethrow-to-transport.filter';

/** Key under which @OnEvent leaves the contract in the handler's extras for BusTransport. */
export const ON_EVENT_CONTRACT = 'switchyard.contract';

/**
 * Marks a controller method as the handler of one event contract:
 * `@OnEvent(ReleaseDeploymentCompleted) handle(event: EventOf<typeof ReleaseDeploymentCompleted>, ctx: BusContext)`.
 * The transport receives on the service's subscription that carries the type and validates the
 * envelope with the contract before calling the method. An error the method throws reaches the
 * transport unchanged (see RethrowToTransport), so its `code` is what the message is retried with.
 */
export function OnEvent(contract: EventContract): MethodDecorator {
  return applyDecorators(EventPattern(contract.type, { [ON_EVENT_CONTRACT]: contract }), UseFilters(new RethrowToTransport()));
}
