import { withoutUserInfo } from './without-user-info';

describe('withoutUserInfo', () => {
  it.each([
    ['https://svc:Pa55w0rd@tfs.corp/tfs/Main', 'https://tfs.corp/tfs/Main'],
    ['https://svc:Pa55/w0rd@tfs.corp/tfs/Main', 'https://tfs.corp/tfs/Main'],
    ['https://svc:Pa55@w0rd@tfs.corp/tfs/Main', 'https://tfs.corp/tfs/Main'],
    ['https://:q3x7pat@dev.azure.com/fabrikam', 'https://dev.azure.com/fabrikam'],
    ['https://q3x7pat@dev.azure.com/fabrikam', 'https://dev.azure.com/fabrikam'],
    ['https://dev.azure.com/fabrikam/', 'https://dev.azure.com/fabrikam/'],
  ])('%s → %s', (raw, shown) => {
    expect(withoutUserInfo(raw)).toBe(shown);
  });
});
