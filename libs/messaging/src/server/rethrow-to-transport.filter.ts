import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands an @OnEvent handler's error to BusTransport as it was thrown. Nest's default RPC filter
 * replaces every error that is not an RpcException with `{ status: 'error', message: 'Internal
 * server error' }`, and with it the error's `code`: the Service Bus `switchyard-last-error`, the
 * settled-messages metric and the process span would all read MESSAGING.HANDLER_FAILED. Not logged
 * here: Nest's static logger is the last app's, so in a process of several services the line would name
 * the wrong one; the service's own settlement log (logSettlements) says what became of the message.
 */
@Catch()
export class RethrowToTransport implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
