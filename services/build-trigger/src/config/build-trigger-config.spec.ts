import { lockBudget } from '../queue-build/lock-budget';
import { loadBuildTriggerConfig } from './build-trigger-config';
import { ConfigError } from './config.error';

describe('build-trigger numeric settings', () => {
  it('uses the defaults when the variables are unset and reads them when set', () => {
    expect(loadBuildTriggerConfig({})).toMatchObject({ concurrency: 4, queueDeadlineMs: lockBudget.queueDeadlineMs });
    expect(loadBuildTriggerConfig({ TRIGGER_CONCURRENCY: '64', TRIGGER_QUEUE_DEADLINE_MS: '1000' })).toMatchObject({ concurrency: 64, queueDeadlineMs: 1000 });
  });

  it.each([
    [{ TRIGGER_CONCURRENCY: '65' }, 'TRIGGER_CONCURRENCY: "65" is not a whole number from 1 to 64'],
    [{ TRIGGER_QUEUE_DEADLINE_MS: String(lockBudget.queueDeadlineMs + 1) }, `TRIGGER_QUEUE_DEADLINE_MS: "${lockBudget.queueDeadlineMs + 1}" is not a whole number from 1000 to ${lockBudget.queueDeadlineMs}`],
    // 0 would give back every message before its queue request, until the bus dead-letters it.
    [{ TRIGGER_QUEUE_DEADLINE_MS: '0' }, `TRIGGER_QUEUE_DEADLINE_MS: "0" is not a whole number from 1000 to ${lockBudget.queueDeadlineMs}`],
  ])('stops start-up with a ConfigError naming the variable for %j', (env, message) => {
    const load = () => loadBuildTriggerConfig(env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(expect.objectContaining({ code: 'BUILD_TRIGGER.CONFIG_INVALID', variable: Object.keys(env)[0], message }));
  });
});
