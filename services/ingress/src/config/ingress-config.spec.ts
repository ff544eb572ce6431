import { loadIngressConfig } from './ingress-config';

const HOOK_KEYS = 'ado:0123456789abcdef0123';

describe('loadIngressConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadIngressConfig({ HOOK_KEYS })).toEqual({
      port: 8080,
      host: '0.0.0.0',
      hookKeys: [{ name: 'ado', secret: '0123456789abcdef0123' }],
      hookKeyOrganizations: new Map(),
      maxBodyBytes: 1048576,
      ratePerMinute: 3000,
      requireHttps: false,
      trustedProxies: [],
      publishTimeoutMs: 5000,
      busMaxMessageBytes: 262144,
      logLevel: 'info',
    });
  });

  it('accepts IPv4-mapped ranges narrower than every address', () => {
    expect(loadIngressConfig({ HOOK_KEYS, TRUSTED_PROXIES: '::ffff:10.244.0.0/112, ::ffff:10.0.0.1, ::ffff:0:0/97' }).trustedProxies).toEqual([
      '::ffff:10.244.0.0/112',
      '::ffff:10.0.0.1',
      '::ffff:0:0/97',
    ]);
  });

  it('accepts single-address CIDR ranges (/32, /128) in TRUSTED_PROXIES', () => {
    expect(loadIngressConfig({ HOOK_KEYS, TRUSTED_PROXIES: '10.0.0.5/32, fd00::1/128' }).trustedProxies).toEqual(['10.0.0.5/32', 'fd00::1/128']);
  });

  it('reads every variable', () => {
    const config = loadIngressConfig({
      HOOK_KEYS: ' a:0123456789abcdef:with-colon , b.2:fedcba9876543210 ',
      PORT: '9000',
      HOOK_MAX_BYTES: '2048',
      HOOK_RATE_PER_MINUTE: '60',
      REQUIRE_HTTPS: 'TRUE',
      TRUSTED_PROXIES: '10.0.0.0/8, ::1, loopback',
      HOOK_PUBLISH_TIMEOUT_MS: '1500',
      BUS_MAX_MESSAGE_BYTES: '1048576',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 9000,
      hookKeys: [
        { name: 'a', secret: '0123456789abcdef:with-colon' },
        { name: 'b.2', secret: 'fedcba9876543210' },
      ],
      maxBodyBytes: 2048,
      ratePerMinute: 60,
      requireHttps: true,
      trustedProxies: ['10.0.0.0/8', '::1', 'loopback'],
      publishTimeoutMs: 1500,
      busMaxMessageBytes: 1048576,
      logLevel: 'warn',
    });
  });

  it.each([
    [{}, /^HOOK_KEYS: is not set/],
    [{ HOOK_KEYS: 'nocolon' }, /^HOOK_KEYS: entry 1 is not name:secret/],
    [{ HOOK_KEYS: 'a:short' }, /^HOOK_KEYS: entry 1 has a secret shorter than 16/],
    [{ HOOK_KEYS: `${HOOK_KEYS},ado:fedcba9876543210` }, /^HOOK_KEYS: entry 2 has the same name as entry 1/],
    [{ HOOK_KEYS: 'bad name:0123456789abcdef' }, /^HOOK_KEYS: entry 1 has an invalid name/],
    [{ HOOK_KEYS, PORT: 'http' }, /^PORT: "http" is not a whole number from 0 to 65535$/],
    [{ HOOK_KEYS, HOOK_MAX_BYTES: '1e6' }, /^HOOK_MAX_BYTES:/],
    [{ HOOK_KEYS, HOOK_RATE_PER_MINUTE: '0' }, /^HOOK_RATE_PER_MINUTE:/],
    [{ HOOK_KEYS, REQUIRE_HTTPS: 'sometimes' }, /^REQUIRE_HTTPS: "sometimes" is not true or false/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: 'proxy.local' }, /^TRUSTED_PROXIES: "proxy.local" is not an IP address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '10.0.0.0/33' }, /^TRUSTED_PROXIES:/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: 'fd00::/129' }, /^TRUSTED_PROXIES: "fd00::\/129" is not an IP address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '10.0.0.0/8, 0.0.0.0/0' }, /^TRUSTED_PROXIES: "0.0.0.0\/0" would trust every address.*list only your proxies/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '::/0' }, /^TRUSTED_PROXIES: "::\/0" would trust every address/],
    // proxy-addr reads an IPv4-mapped range as the IPv4 range 96 bits shorter: these are 0.0.0.0/0.
    [{ HOOK_KEYS, TRUSTED_PROXIES: '::ffff:0.0.0.0/96' }, /^TRUSTED_PROXIES: "::ffff:0.0.0.0\/96" would trust every address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '10.0.0.0/8,::ffff:0:0/96' }, /^TRUSTED_PROXIES: "::ffff:0:0\/96" would trust every address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '0:0:0:0:0:FFFF:0A00:0000/96' }, /would trust every address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '::ffff:0.0.0.0/0' }, /would trust every address/],
    [{ HOOK_KEYS, TRUSTED_PROXIES: '::ffff:10.0.0.0/80' }, /^TRUSTED_PROXIES: "::ffff:10.0.0.0\/80" is an IPv4-mapped range shorter than \/96, which matches no address; write the IPv4 range itself/],
    [{ HOOK_KEYS, REQUIRE_HTTPS: 'true' }, /^REQUIRE_HTTPS: is true but TRUSTED_PROXIES is not set.*set TRUSTED_PROXIES to .* or REQUIRE_HTTPS=false/],
    [{ HOOK_KEYS, LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud"/],
  ])('fails naming the variable for %j', (env, message) => {
    expect(() => loadIngressConfig(env)).toThrow(message);
  });

  it('never echoes a secret in a configuration error, even one written before the colon', () => {
    expect(() => loadIngressConfig({ HOOK_KEYS: 'a:tooShortSecret' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('tooShortSecret') }));
    const secret = 'k3y_0123456789abcdef0123456789ab';
    expect(() => loadIngressConfig({ HOOK_KEYS: `${secret}:` })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
    expect(() => loadIngressConfig({ HOOK_KEYS: `${secret}:0123456789abcdef,${secret}:fedcba9876543210` })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});
