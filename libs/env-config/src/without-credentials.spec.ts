import { withoutCredentials } from './without-credentials';

describe('withoutCredentials', () => {
  it('drops user info, query and fragment, keeping scheme, host, port and path', () => {
    expect(withoutCredentials('https://spans:S3cret@collector.example:4318/v1/traces?api-key=K#x')).toBe('https://collector.example:4318/v1/traces');
  });

  it('leaves a URL object it is given as it was', () => {
    const url = new URL('http://ops:key@127.0.0.1:8080/admin/dead-letters?code=k');
    expect(withoutCredentials(url)).toBe('http://127.0.0.1:8080/admin/dead-letters');
    expect(url.href).toBe('http://ops:key@127.0.0.1:8080/admin/dead-letters?code=k');
  });
});
