import { RESOURCE_AREAS, locationsForArea } from '../locations';
import { type RouteContext, type RouteResult, list, ok } from '../route-context';

/** OPTIONS `_apis/{area}`: the location table the node api resolves route templates from. */
export function discoveryRoute(context: RouteContext): RouteResult | undefined {
  if (context.method === 'OPTIONS' && context.api.length === 1) return list(locationsForArea(context.api[0]));
  if (context.method === 'GET' && context.api[0] === 'resourceareas') return resourceAreas(context);
  return undefined;
}

/** On-prem collections answer an empty list (the node api then stays on the collection URL). */
function resourceAreas(context: RouteContext): RouteResult {
  if (context.org.name.toLowerCase().startsWith('tfs/')) return ok({ count: 0, value: null });
  const areas = RESOURCE_AREAS.map((area) => ({
    id: area.id,
    name: area.name,
    locationUrl: context.org.resourceAreaUrls.get(area.id) ?? context.orgUrl,
  }));
  return list(areas);
}
