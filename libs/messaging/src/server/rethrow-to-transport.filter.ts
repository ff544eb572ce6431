import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';

const logger = new Logger('RpcExceptionsHandler');

/**
 * Hands an @OnEvent handler's error to BusTransport as it was thrown. Nest's default RPC filter
 * replaces every error that is not an RpcException with `{ status: 'error', message: 'Internal
 * server error' }`, and with it the error's `code`: the Service Bus `switchyard-last-error`, the
 * settled-messages metric and the process span would all read MESSAGING.HANDLER_FAILED. Unexpected
 * errors are still logged, as the default filter does.
 */
@Catch()
export class RethrowToTransport implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    if (!(exception instanceof RpcException)) logger.error(exception);
    return throwError(() => exception);
  }
}
