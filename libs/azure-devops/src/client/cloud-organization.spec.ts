import { cloudOrganizationOf } from './cloud-organization';

describe('cloudOrganizationOf', () => {
  it.each([
    ['https://dev.azure.com/Fabrikam/', 'fabrikam'],
    ['https://vsrm.dev.azure.com/fabrikam/', 'fabrikam'],
    ['https://fabrikam.visualstudio.com/', 'fabrikam'],
    ['https://fabrikam.vsrm.visualstudio.com/', 'fabrikam'],
  ])('names the organization of %s', (url, organization) => {
    expect(cloudOrganizationOf(url)).toBe(organization);
  });

  it.each(['https://dev.azure.com/', 'https://dev.azure.com/_apis/', 'https://vssps.visualstudio.com/', 'https://tfs.corp/tfs/DefaultCollection/', 'https://dev.azure.com.evil.com/fabrikam/', 'not a url'])(
    'has no organization for %s',
    (url) => {
      expect(cloudOrganizationOf(url)).toBeUndefined();
    },
  );
});
