import { PortConfigError, portFromEnv } from './port-from-env';

describe('portFromEnv', () => {
  it('reads PORT, 8080 when unset, 0 for any free port', () => {
    expect(portFromEnv({})).toBe(8080);
    expect(portFromEnv({ PORT: '0' })).toBe(0);
    expect(portFromEnv({ PORT: ' 9000 ' })).toBe(9000);
  });

  it('refuses anything but a port number, naming PORT', () => {
    for (const raw of ['http', '65536', '-1', '80.5']) {
      expect(() => portFromEnv({ PORT: raw })).toThrow(new PortConfigError('PORT', `"${raw}" is not a whole number from 0 to 65535`));
    }
  });
});
