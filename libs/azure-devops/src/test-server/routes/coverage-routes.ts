import { type RouteContext, type RouteResult, fail, ok, projectMissing, projectOf } from '../route-context';

/** `{project}/_apis/test/codecoverage?buildId=` (summary form, without `flags`). */
export function coverageRoute(context: RouteContext): RouteResult | undefined {
  if (context.api[0] !== 'test' || context.api[1] !== 'codecoverage' || context.method !== 'GET') return undefined;
  if (!projectOf(context)) return projectMissing(context);
  const buildId = Number(context.query.get('buildId'));
  if (!Number.isInteger(buildId) || buildId <= 0) return fail(400, 'buildId is required.', 'InvalidArgumentValueException');
  if (context.query.has('flags')) return ok({ count: 0, value: [] });
  const seeded = context.org.coverage.get(buildId);
  return ok({
    build: { id: String(buildId), url: `${context.orgUrl}_apis/build/builds/${buildId}` },
    status: seeded?.status ?? (seeded ? 'completed' : 'none'),
    coverageData: seeded
      ? [{ buildFlavor: 'Debug', buildPlatform: 'AnyCPU', coverageStats: seeded.stats.map((stat, position) => ({ ...stat, position: position + 1, isDeltaAvailable: false, delta: 0 })) }]
      : [],
  });
}
