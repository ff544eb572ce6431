/**
 * Every `code` an ingress problem can carry. ProblemError takes only these, so the compiler keeps the
 * list complete; each has an anchor in docs/ingress.md (see problemTypeOf), checked by
 * test/problem-types-documented.spec.ts.
 */
export const PROBLEM_CODES = [
  // The hook and every other route.
  'INVALID_UTF8',
  'INVALID_JSON',
  'EMPTY_BODY',
  'JSON_TOO_DEEP',
  'FORBIDDEN_JSON_KEY',
  'NOT_A_SERVICE_HOOK',
  'INVALID_BADGE_HEADER',
  'EVENT_INVALID',
  'INVALID_CONTENT_LENGTH',
  'INVALID_URL',
  'BAD_REQUEST',
  'HOOK_KEY_REJECTED',
  'HOOK_KEY_NOT_FOR_ORGANIZATION',
  'HTTPS_REQUIRED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'URL_TOO_LONG',
  'BODY_TOO_LARGE',
  'EVENT_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNSUPPORTED_CHARSET',
  'UNSUPPORTED_CONTENT_ENCODING',
  'BUS_UNAVAILABLE',
  'SHUTTING_DOWN',
  'RATE_LIMITED',
  'TEMPORARILY_UNAVAILABLE',
  // Requests Node cannot parse as HTTP (answered by clientErrorHandler).
  'MALFORMED_HTTP',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  // Requests Node would refuse with an empty body (answered by answerHostAndExpectAsProblems).
  'HOST_REQUIRED',
  'EXPECTATION_FAILED',
  // The check calls (/checks/*).
  'CHECK_HEADERS_MISSING',
  'CHECK_HEADERS_INVALID',
  'GATE_POLICY_NOT_FOUND',
  'GATE_POLICY_NOT_SYNC',
  'PLAN_URL_NOT_ALLOWED',
  // The dead-letter admin routes (/admin/dead-letters*), whose other answers are messaging's own.
  'HOOK_KEY_NOT_FOR_ADMIN',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

const TYPE_BASE = 'https://github.com/switchyard/switchyard/blob/main/docs/ingress.md#';

/** The problem `type`: the docs/ingress.md anchor of the code, lower-case with `-` (HOOK_KEY_REJECTED → #hook-key-rejected). */
export function problemTypeOf(code: ProblemCode): string {
  return `${TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}
