import { withoutUserInfo } from '@switchyard/contracts';
import { GateConfigError } from '@switchyard/gates';

/**
 * ALLOWED_METRIC_URLS: comma-separated URLs an http-metric policy may read. A URL is allowed when its
 * origin matches an entry and its path equals the entry's path or continues it after a "/".
 */
export class MetricAllowList {
  private readonly entries: readonly URL[];

  constructor(urls: readonly string[]) {
    this.entries = urls.map((raw) => {
      const url = parseUrl(raw);
      // The entry may be refused for the credentials it holds: never echo them.
      const shown = withoutUserInfo(raw);
      if (!url) throw new GateConfigError(`ALLOWED_METRIC_URLS entry "${shown}" is not an absolute http(s) URL without credentials`, 'ALLOWED_METRIC_URLS');
      return url;
    });
  }

  static fromEnv(value: string | undefined): MetricAllowList {
    return new MetricAllowList((value ?? '').split(',').map((part) => part.trim()).filter(Boolean));
  }

  isAllowed(raw: string): boolean {
    const url = parseUrl(raw);
    if (!url) return false;
    return this.entries.some((entry) => {
      if (entry.origin !== url.origin) return false;
      const base = entry.pathname.replace(/\/+$/, '');
      return url.pathname === entry.pathname || url.pathname === base || url.pathname.startsWith(`${base}/`);
    });
  }
}

function parseUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password ? url : undefined;
  } catch {
    return undefined;
  }
}

