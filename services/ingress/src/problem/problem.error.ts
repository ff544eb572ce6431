import { scrubText } from '@switchyard/observability';
import { problemTypeOf, type ProblemCode } from './problem-codes';

/** RFC 9457 problem details, as every 4xx/5xx body of the ingress. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  /** Itemised problems (e.g. each missing field), safe to show: they never quote secrets. */
  issues?: string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * An error that is answered as it is: its status, a stable `code`, a `detail` saying what to fix,
 * and optional headers (Retry-After, WWW-Authenticate).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly options: { headers?: Record<string, string>; issues?: string[]; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'ProblemError';
  }

  /**
   * `instance` is the request path, scrubbed of key-like parameters: a subscription URL mistyped as
   * `/hooks/azure-devops&code=<key>` must not have its key written back (Azure DevOps keeps answers).
   */
  toBody(instance?: string): ProblemBody {
    return {
      type: problemTypeOf(this.code),
      title: this.title,
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(instance !== undefined && { instance: scrubText(instance) }),
      ...(this.options.issues && { issues: this.options.issues }),
    };
  }
}
