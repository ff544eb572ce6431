import { BuildCompleted } from '../build/build-completed.event';
import { StageStateChanged } from '../pipelines/stage-state-changed.event';
import { normalizeServiceHook } from './normalize-service-hook';

const projectGuid = '3f1c9a52-7d4e-4b0a-9e61-c2a8d5f07b13';
const otherGuid = 'a9e2d4c1-5b3f-4e87-8c10-6f2b9d7e4a05';

// Shaped after the 2019 (resourceVersion 5.1-preview.1) stage delivery: no resourceContainers, no
// project object; the project is only the GUID in the links.
function stageHook(links: { pipeline?: string; stageWeb?: string; pipelineWeb?: string }) {
  return {
    id: '0b7e5c2d-91a4-4f36-8d2e-5a1c7b9f3e60',
    eventType: 'ms.vss-pipelines.stage-state-changed-event',
    publisherId: 'pipelines',
    message: { text: 'Run 20240612.3 stage build started.' },
    detailedMessage: { text: 'Run 20240612.3 stage build started.' },
    resource: {
      stage: {
        _links: {
          ...(links.stageWeb && { web: { href: links.stageWeb } }),
          ...(links.pipelineWeb && { 'pipeline.web': { href: links.pipelineWeb } }),
        },
        id: 'c4d81e27-3a6b-5f90-b2c7-18e4f6a0d953',
        name: 'build',
        displayName: 'build',
        state: 'running',
      },
      run: { id: 512, name: '20240612.3' },
      pipeline: { ...(links.pipeline && { url: links.pipeline }), id: 9, revision: 4, name: 'orders.api', folder: '\\' },
    },
    resourceVersion: '5.1-preview.1',
    createdDate: '2024-06-12T08:15:42.1234567Z',
  };
}

const cloudLinks = (org: string, project: string) => ({
  pipeline: `https://dev.azure.com/${org}/${project}/_apis/pipelines/9?revision=4`,
  stageWeb: `https://dev.azure.com/${org}/${project}/_build/results?buildId=512`,
  pipelineWeb: `https://dev.azure.com/${org}/${project}/_build/definition?definitionId=9`,
});

const stageData = (payload: unknown) => normalizeServiceHook(payload).data as { project: unknown; organizationUrl?: string };

describe('the project of an event whose project is only in its links', () => {
  it('takes the project GUID and the organization from the links of a 2019 stage delivery', () => {
    const event = normalizeServiceHook(stageHook(cloudLinks('northwind-labs', projectGuid)));
    expect(event.type).toBe(StageStateChanged.type);
    expect(event.source).toBe('https://dev.azure.com/northwind-labs/');
    expect(event.data).toEqual({
      organizationUrl: 'https://dev.azure.com/northwind-labs/',
      project: { id: projectGuid },
      pipeline: { id: 9, name: 'orders.api' },
      run: { id: 512, name: '20240612.3' },
      stage: { id: 'c4d81e27-3a6b-5f90-b2c7-18e4f6a0d953', name: 'build', displayName: 'build', state: 'running' },
    });
    expect(StageStateChanged.envelope.safeParse(event).success).toBe(true);
  });

  it('finds both from the stage links alone, and writes the GUID in lower case', () => {
    const { stageWeb, pipelineWeb } = cloudLinks('northwind-labs', projectGuid.toUpperCase());
    expect(stageData(stageHook({ stageWeb, pipelineWeb }))).toMatchObject({
      organizationUrl: 'https://dev.azure.com/northwind-labs/',
      project: { id: projectGuid },
    });
  });

  it('reads the GUID after the collection of an on-prem /tfs/<Collection>/ link', () => {
    const base = `http://ado.corp.example:8080/tfs/Northwind%20Collection/${projectGuid}`;
    const data = stageData(stageHook({ pipeline: `${base}/_apis/pipelines/9?revision=4`, stageWeb: `${base}/_build/results?buildId=512` }));
    expect(data).toMatchObject({
      organizationUrl: 'http://ado.corp.example:8080/tfs/Northwind%20Collection/',
      project: { id: projectGuid },
    });
  });

  it('reads the GUID after /DefaultCollection, a legacy alias on cloud hosts, and on a *.visualstudio.com host', () => {
    const aliased = stageHook({ pipeline: `https://dev.azure.com/northwind-labs/DefaultCollection/${projectGuid}/_apis/pipelines/9` });
    expect(stageData(aliased)).toMatchObject({ project: { id: projectGuid } });
    const legacyHost = stageHook({ pipeline: `https://northwind-labs.visualstudio.com/${projectGuid}/_apis/pipelines/9` });
    expect(stageData(legacyHost)).toMatchObject({ organizationUrl: 'https://northwind-labs.visualstudio.com/', project: { id: projectGuid } });
  });

  it('does not take a project name from a link: the event keeps no project', () => {
    const data = stageData(stageHook(cloudLinks('northwind-labs', 'Orders')));
    expect(data.organizationUrl).toBe('https://dev.azure.com/northwind-labs/');
    expect(data.project).toEqual({});
  });

  it('does not take a GUID that no route follows, nor the empty GUID', () => {
    expect(stageData(stageHook({ pipeline: `https://dev.azure.com/northwind-labs/_apis/pipelines/${projectGuid}` })).project).toEqual({});
    expect(stageData(stageHook({ pipeline: `https://dev.azure.com/northwind-labs/${projectGuid}` })).project).toEqual({});
    expect(stageData(stageHook(cloudLinks('northwind-labs', '00000000-0000-0000-0000-000000000000'))).project).toEqual({});
  });

  it('ignores links of another organization than the one the event names', () => {
    const hook = { ...stageHook(cloudLinks('contoso-other', projectGuid)), resourceContainers: { account: { baseUrl: 'https://dev.azure.com/northwind-labs/' } } };
    const data = stageData(hook);
    expect(data.organizationUrl).toBe('https://dev.azure.com/northwind-labs/');
    expect(data.project).toEqual({});
  });

  it('uses only the links of the organization the event names when its links disagree', () => {
    const hook = stageHook({
      pipeline: `https://dev.azure.com/northwind-labs/${projectGuid}/_apis/pipelines/9`,
      stageWeb: `https://dev.azure.com/contoso-other/${otherGuid}/_build/results?buildId=512`,
    });
    expect(stageData(hook)).toMatchObject({ organizationUrl: 'https://dev.azure.com/northwind-labs/', project: { id: projectGuid } });
  });

  it('treats dev.azure.com/{org} and {org}.visualstudio.com as one organization, and an on-prem collection whatever its case', () => {
    const cloud = { ...stageHook(cloudLinks('Northwind-Labs', projectGuid)), resourceContainers: { account: { baseUrl: 'https://northwind-labs.visualstudio.com/' } } };
    expect(stageData(cloud)).toMatchObject({ organizationUrl: 'https://northwind-labs.visualstudio.com/', project: { id: projectGuid } });
    const onPrem = {
      ...stageHook({ pipeline: `https://ado.corp.example/tfs/NorthwindCollection/${projectGuid}/_apis/pipelines/9` }),
      resourceContainers: { collection: { baseUrl: 'https://ado.corp.example/tfs/northwindcollection' } },
    };
    expect(stageData(onPrem)).toMatchObject({ project: { id: projectGuid } });
  });

  it('takes no project when the links name two different projects', () => {
    const hook = stageHook({ ...cloudLinks('northwind-labs', projectGuid), stageWeb: `https://dev.azure.com/northwind-labs/${otherGuid}/_build/results?buildId=512` });
    expect(stageData(hook).project).toEqual({});
  });

  it('prefers the project the event names over its links', () => {
    const hook = stageHook(cloudLinks('northwind-labs', projectGuid));
    const named = { ...hook, resource: { ...hook.resource, project: { name: 'Orders' } } };
    expect(stageData(named).project).toEqual({ name: 'Orders' });
  });

  it('takes the project GUID from the links of an old on-prem build.complete without resourceContainers', () => {
    const base = `https://ado.corp.example/NorthwindCollection/${projectGuid}`;
    const event = normalizeServiceHook({
      id: 'f2a6c8e0-4b1d-4e9a-a7c3-0d5e8b2f6a19',
      eventType: 'build.complete',
      resource: {
        id: 77,
        buildNumber: 'Orders_20150612.1',
        status: 'succeeded',
        url: `${base}/_apis/build/Builds/77`,
        definition: { id: 4, name: 'Orders', url: `${base}/_apis/build/Definitions/4` },
      },
    });
    expect(event.type).toBe(BuildCompleted.type);
    expect(event.data).toMatchObject({ organizationUrl: 'https://ado.corp.example/NorthwindCollection/', project: { id: projectGuid } });
  });
});
