import { isCredentialFailure } from './credential-failure';

describe('isCredentialFailure', () => {
  it.each(['AuthenticationError', 'AggregateAuthenticationError', 'CredentialUnavailableError', 'AuthenticationRequiredError'])(
    'takes an @azure/identity %s (matched by name, from any copy of the package) for a sign-in that failed',
    (name) => {
      expect(isCredentialFailure(Object.assign(new Error('no token'), { name }))).toBe(true);
    },
  );

  it('does not take the called service refusing the request, or anything else, for one', () => {
    expect(isCredentialFailure(Object.assign(new Error('Unauthorized'), { name: 'RestError', statusCode: 401 }))).toBe(false);
    expect(isCredentialFailure(new Error('AuthenticationError'))).toBe(false);
    expect(isCredentialFailure(null)).toBe(false);
    expect(isCredentialFailure({ name: 42 })).toBe(false);
  });
});
