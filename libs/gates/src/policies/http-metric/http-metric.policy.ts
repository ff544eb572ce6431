import { z } from 'zod';
import type { CheckFacts, GatePolicy, PolicyContext } from '../../policy/gate-policy.port';
import { pass, wait, type Verdict } from '../../policy/verdict';
import { parseJsonPath, readJsonPath } from './json-path';

const options = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, message: 'url must be an absolute http(s) URL' }),
    jsonPath: z.string().refine((text) => parseJsonPath(text) !== undefined, 'use a simple JSONPath such as $.value or $.data[0].rate'),
    below: z.number().optional(),
    above: z.number().optional(),
    /** How many evaluations in a row must be healthy. */
    consecutive: z.number().int().min(1).max(100).default(1),
  })
  .refine((value) => value.below !== undefined || value.above !== undefined, { message: 'give below, above or both' })
  .refine((value) => value.below === undefined || value.above === undefined || value.above < value.below, {
    message: 'above must be less than below: no reading can be above and below these, so the check could never pass',
  });

// A decimal number written as a string, as Prometheus and many exporters send values ("0.005", "1e-3").
// Strict, because Number() reads "", " " and "0x10" as numbers too.
const NUMERIC_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** What was there instead of a number, short enough for the run's log and timeline (the answer may be up to 1 MiB). */
function shownReading(reading: unknown): string {
  const text = JSON.stringify(reading) ?? 'absent';
  return text.length > 80 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
}

/** The reading as a finite number, or undefined when it is none. */
function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && NUMERIC_TEXT.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/**
 * A canary check: reads a number from a JSON metrics endpoint each evaluation and passes after
 * `consecutive` healthy readings in a row (state carried in the check message). Unhealthy readings and
 * unreachable endpoints reset the count and wait; the policy's timeout turns that into a failure.
 */
export class HttpMetricPolicy implements GatePolicy {
  static readonly type = 'http-metric';
  static readonly sync = false;
  static readonly description = 'A JSON metric stays below/above a threshold for N evaluations in a row.';
  static readonly options = options;

  readonly requiredHeaders: readonly string[] = [];
  readonly outboundUrls: readonly string[];
  private readonly shownUrl: string;
  private readonly path;

  constructor(private readonly config: z.infer<typeof options>) {
    this.outboundUrls = [config.url];
    // Reasons reach task logs, events and logs: never the query string, where metric API keys live.
    const url = new URL(config.url);
    this.shownUrl = `${url.origin}${url.pathname}`;
    this.path = parseJsonPath(config.jsonPath) ?? [];
  }

  async evaluate(check: CheckFacts, context: PolicyContext): Promise<Verdict> {
    if (!context.metrics) throw new Error('Policy type http-metric reads a metrics endpoint and cannot be evaluated in sync mode');
    const needed = this.config.consecutive;
    let reading: unknown;
    try {
      reading = readJsonPath(await context.metrics.readJson(this.config.url), this.path);
    } catch (error) {
      return wait(`Could not read ${this.shownUrl}: ${(error as Error).message}; healthy readings in a row: 0/${needed}`, { healthy: 0 });
    }
    const value = numberOf(reading);
    if (value === undefined) {
      return wait(`${this.config.jsonPath} at ${this.shownUrl} is not a number (${shownReading(reading)}); healthy readings in a row: 0/${needed}`, { healthy: 0 });
    }
    const { below, above } = this.config;
    const healthy = (below === undefined || value < below) && (above === undefined || value > above);
    const limits = [below !== undefined && `below ${below}`, above !== undefined && `above ${above}`].filter(Boolean).join(' and ');
    const streak = healthy ? (Number(check.state['healthy']) || 0) + 1 : 0;
    const summary = `${this.config.jsonPath} = ${value} (must be ${limits}); healthy readings in a row: ${streak}/${needed}`;
    return streak >= needed ? pass(summary) : wait(summary, { healthy: streak });
  }
}
