import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { OutgoingHttpHeaders } from 'node:http';
import type { IHttpClientResponse, IRequestInfo } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

const TRACE_HEADERS = ['traceparent', 'tracestate'];

/**
 * Runs one HTTP attempt inside a CLIENT span and sends the span's `traceparent`, so Azure DevOps
 * calls made by an event handler show up under its consumer span. The URL is recorded without its
 * query string (never a secret, only the path). With tracing off this adds no header and no span.
 */
export async function sendWithClientSpan(
  info: IRequestInfo,
  method: string,
  attempt: number,
  send: () => Promise<IHttpClientResponse>,
): Promise<IHttpClientResponse> {
  const url = info.parsedUrl;
  const span = trace.getTracer('@switchyard/azure-devops').startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      'url.full': `${url.origin}${url.pathname}`,
      'server.address': url.hostname,
      'server.port': Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      ...(attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
    },
  });
  const active = trace.setSpan(context.active(), span);
  const headers = (info.options.headers ??= {});
  // typed-rest-client always builds an object; the raw-array form of Node's headers is left alone.
  if (!Array.isArray(headers)) {
    const named = headers as OutgoingHttpHeaders;
    for (const name of TRACE_HEADERS) delete named[name];
    propagation.inject(active, named);
  }
  try {
    const response = await context.with(active, send);
    const status = response.message.statusCode ?? 0;
    span.setAttribute('http.response.status_code', status);
    // 203 is how Azure DevOps answers a rejected token (a sign-in page), which the client fails as UNAUTHORIZED.
    if (status >= 400 || status === 203) {
      span.setAttribute('error.type', String(status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
    }
    return response;
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    span.setAttribute('error.type', typeof code === 'string' ? code : 'transport');
    span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : 'transport error' });
    throw error;
  } finally {
    span.end();
  }
}
