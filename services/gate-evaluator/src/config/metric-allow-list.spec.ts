import { MetricAllowList } from './metric-allow-list';

describe('MetricAllowList', () => {
  it('refuses an entry with credentials without echoing them', () => {
    expect(() => new MetricAllowList(['https://user:s3cr3t-pw@metrics.example/api'])).toThrow('"https://metrics.example/api" is not an absolute http(s) URL without credentials');
  });
});
