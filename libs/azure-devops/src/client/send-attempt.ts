import type { IHttpClientResponse, IRequestInfo } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { AzureDevOpsError } from '../errors/azure-devops-error';
import { startAttemptDeadline } from './attempt-deadline';
import type { GuardContext, RawHttpClient } from './guarded-http';
import { errorFromDeadline, errorFromIncompleteAnswer, errorFromResponse, errorFromTransport } from './http-errors';
import { sendWithClientSpan } from './outbound-span';
import { failedBeforeSending, refusedUnprocessed } from './resend-safety';
import { CutOffBody, readWholeAnswer, unusableBody } from './whole-answer';

export type RequestBody = string | NodeJS.ReadableStream | null | undefined;

export interface AttemptRequest {
  readonly send: RawHttpClient['requestRaw'];
  readonly info: IRequestInfo;
  readonly body: () => RequestBody;
  readonly method: string;
  /** Sending it twice does no more than sending it once. */
  readonly repeatable: boolean;
}

export type AttemptOutcome = { response: IHttpClientResponse } | { failure: AzureDevOpsError; resendable: boolean };

/**
 * One attempt, within the attempt deadline and with the whole body read, and whether its failure may
 * be sent again: always for a repeatable request, otherwise only when it cannot have been processed.
 */
export async function attemptOnce(request: AttemptRequest, attempt: number, context: GuardContext): Promise<AttemptOutcome> {
  const { info, method, repeatable } = request;
  const failureContext = { method, url: info.parsedUrl.href, attempts: attempt, secrets: context.secrets };
  const deadline = startAttemptDeadline(context.attemptTimeoutMs);
  info.options.signal = deadline.signal;
  let status = 0;
  try {
    const response = await sendWithClientSpan(info, method, attempt, async () => {
      const answer = await request.send(info, request.body());
      status = answer.message.statusCode ?? 0;
      // A write that must not be repeated and was answered 2xx has been taken: whatever arrives of its
      // body is handed on rather than failing (and so inviting a second send).
      await readWholeAnswer(answer, { keepPartial: !isSuccess(status) || !repeatable });
      return answer;
    });
    if (status < 400 && status !== 203) {
      const problem = repeatable ? await unusableBody(response, method, acceptOf(info)) : undefined;
      if (!problem) return { response };
      return { failure: errorFromIncompleteAnswer(status, problem, failureContext), resendable: true };
    }
    return { failure: await errorFromResponse(response, failureContext), resendable: repeatable || refusedUnprocessed(status) };
  } catch (error) {
    if (error instanceof AzureDevOpsError) throw error;
    if (deadline.expired) return { failure: errorFromDeadline(context.attemptTimeoutMs as number, failureContext), resendable: repeatable };
    if (error instanceof CutOffBody) return { failure: errorFromIncompleteAnswer(status, error.problem, failureContext), resendable: true };
    return { failure: errorFromTransport(error, failureContext), resendable: repeatable || failedBeforeSending(error) };
  } finally {
    deadline.clear();
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function acceptOf(info: IRequestInfo): string {
  const headers = info.options.headers;
  if (!headers || Array.isArray(headers)) return '';
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'accept');
  return name ? String((headers as Record<string, unknown>)[name]) : '';
}
