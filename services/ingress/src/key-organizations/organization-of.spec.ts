import { organizationOf } from './organization-of';

describe('organizationOf', () => {
  it.each([
    ['https://dev.azure.com/Fabrikam/', 'https://FABRIKAM.visualstudio.com/DefaultCollection/_apis/build'],
    ['https://dev.azure.com/fabrikam', 'https://vsrm.dev.azure.com/fabrikam/_apis/release'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://TFS.corp/tfs/defaultcollection'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp/tfs/DefaultCollection/Project/_apis/build/builds/1'],
    ['http://fabrikam:8080/Fabrikam-Fiber-Git/', 'http://fabrikam:8080/Fabrikam-Fiber-Git/_apis/wit/workItems/12'],
  ])('sees %s and %s as one organization', (a, b) => {
    expect(organizationOf(a)?.identity).toBe(organizationOf(b)?.identity);
  });

  it.each([
    ['https://dev.azure.com/fabrikam/', 'https://dev.azure.com/fabrikam-evil/'],
    ['https://dev.azure.com/fabrikam/', 'https://fabrikam.example.com/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp/tfs/OtherCollection/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'https://tfs.corp.evil.com/tfs/DefaultCollection/'],
    ['https://tfs.corp/tfs/DefaultCollection/', 'http://tfs.corp/tfs/DefaultCollection/'],
  ])('tells %s from %s', (a, b) => {
    expect(organizationOf(a)?.identity).not.toBe(organizationOf(b)?.identity);
  });

  it.each(['https://dev.azure.com/', 'https://app.vssps.visualstudio.com/', 'not a url', 'ftp://tfs.corp/tfs/C/'])('finds no organization in %s', (raw) => {
    expect(organizationOf(raw)).toBeUndefined();
  });

  it('shows the organization only, never the rest of a URL that a token could be pasted into', () => {
    const token = 'eyJ0eXAiOiJKV1QifQ.live-token';
    expect(organizationOf(`https://dev.azure.com/contoso/${token}/`)?.url).toBe('https://dev.azure.com/contoso/');
    expect(organizationOf(`https://tfs.corp/tfs/Collection/${token}`)?.url).toBe('https://tfs.corp/tfs/Collection/');
    expect(organizationOf(`https://tfs.corp/Collection/${token}/`)?.url).toBe('https://tfs.corp/…');
    expect(organizationOf('https://tfs.corp/Collection')?.url).toBe('https://tfs.corp/Collection/');
  });
});
