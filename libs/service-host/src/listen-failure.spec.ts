import { explainListenFailure, ListenError } from './listen-failure';

/** What Node rejects `server.listen` with. */
const systemError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('explainListenFailure', () => {
  it('names PORT for a port this user may not open, and says how to fix it', () => {
    const error = systemError('listen EACCES: permission denied 0.0.0.0:80', { code: 'EACCES', syscall: 'listen', address: '0.0.0.0', port: 80 });
    const explained = explainListenFailure(error, { PORT: '80' });
    expect(explained).toBeInstanceOf(ListenError);
    expect(explained).toMatchObject({ variable: 'PORT', cause: error });
    expect(explained?.message).toBe(
      'PORT=80 on HOST=0.0.0.0 is not allowed for this user (EACCES): set PORT to 1024 or above, or give the process the right to bind low ports (CAP_NET_BIND_SERVICE)',
    );
  });

  it('names HOST for an address that is not this machine', () => {
    const error = systemError('listen EADDRNOTAVAIL: address not available 10.99.99.99', { code: 'EADDRNOTAVAIL', syscall: 'listen', address: '10.99.99.99' });
    expect(explainListenFailure(error, { HOST: '10.99.99.99' })).toMatchObject({
      variable: 'HOST',
      message: expect.stringMatching(/^HOST=10\.99\.99\.99 is not an address of this machine \(EADDRNOTAVAIL\)/),
    });
  });

  it('leaves a name that does not resolve alone unless it is HOST (a storage or Service Bus host keeps its message)', () => {
    const error = systemError('getaddrinfo ENOTFOUND acct.blob.core.windows.net', { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'acct.blob.core.windows.net' });
    expect(explainListenFailure(error, {})).toBeUndefined();
    expect(explainListenFailure(error, { HOST: 'not-a-host' })).toBeUndefined();
    expect(explainListenFailure(new Error('FAKE_SETTING is missing'), { HOST: 'x' })).toBeUndefined();
    expect(explainListenFailure('not an error', {})).toBeUndefined();
  });
});
