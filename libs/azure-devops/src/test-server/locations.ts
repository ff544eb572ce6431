import type { ApiResourceLocation } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';

/**
 * The resource locations azure-devops-node-api v17 asks for (by GUID) in its OPTIONS
 * `_apis/{area}` discovery, with the route templates the service publishes. The high
 * resourceVersion makes the node api keep the api-version it requested.
 */
function location(area: string, id: string, resourceName: string, routeTemplate: string): ApiResourceLocation {
  return { area, id, resourceName, routeTemplate, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1', resourceVersion: 9 };
}

const LOCATIONS: ApiResourceLocation[] = [
  location('build', 'dbeaf647-6167-421a-bda9-c9327b25e2e6', 'definitions', '{project}/_apis/{area}/{resource}/{definitionId}'),
  location('build', '0cd358e1-9217-4d94-8269-1c1ee6f93dcf', 'builds', '{project}/_apis/{area}/{resource}/{buildId}'),
  location('build', '8baac422-4c6e-4de5-8532-db96d92acffa', 'Timeline', '{project}/_apis/{area}/builds/{buildId}/{resource}/{timelineId}'),
  location('build', '5a21f5d2-5642-47e4-a0bd-1356e6731bee', 'workitems', '{project}/_apis/{area}/builds/{buildId}/{resource}'),
  location('build', '6e6114b2-8161-44c8-8f6c-c5505782427f', 'tags', '{project}/_apis/{area}/builds/{buildId}/{resource}/{*tag}'),
  location('wit', '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', 'workItems', '{project}/_apis/{area}/{resource}/{id}'),
  location('wit', '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa', 'states', '{project}/_apis/{area}/workitemtypes/{type}/{resource}'),
  location('distributedtask', '46f5667d-263a-4684-91b1-dff7fdcf64e2', 'logs', '{scopeIdentifier}/_apis/{area}/hubs/{hubName}/plans/{planId}/{resource}/{logId}'),
  location('distributedtask', '8893bc5b-35b2-4be7-83cb-99e683551db4', 'records', '{scopeIdentifier}/_apis/{area}/hubs/{hubName}/plans/{planId}/timelines/{timelineId}/{resource}'),
  location('distributedtask', '557624af-b29e-4c20-8ab0-0399d2204f3f', 'events', '{scopeIdentifier}/_apis/{area}/hubs/{hubName}/plans/{planId}/{resource}'),
  location('distributedtask', '5cecd946-d704-471e-a45f-3b4064fcfaba', 'plans', '{scopeIdentifier}/_apis/{area}/hubs/{hubName}/{resource}/{planId}'),
  location('Test', '77560e8a-4e8c-4d59-894e-a5f264c24444', 'CodeCoverage', '{project}/_apis/{area}/{resource}'),
  location('Location', 'e81700f7-3be2-46de-8624-2eb35882fcaa', 'ResourceAreas', '_apis/{resource}/{areaId}'),
];

export function locationsForArea(area: string): ApiResourceLocation[] {
  const wanted = area.toLowerCase();
  return LOCATIONS.filter((entry) => entry.area.toLowerCase() === wanted);
}

/** Resource areas a cloud organization reports; the node api maps area id → host with these. */
export const RESOURCE_AREAS: ReadonlyArray<{ id: string; name: string }> = [
  { id: '965220d5-5bb9-42cf-8d67-9b146df2a5a4', name: 'build' },
  { id: '5264459e-e5e0-4bd8-b118-0985e68a4ec5', name: 'wit' },
  { id: 'c2aa639c-3ccc-4740-b3b6-ce2a1e1d984e', name: 'Test' },
  { id: 'a85b8835-c1a1-4aac-ae97-1c3d0ba72dbd', name: 'distributedtask' },
];
