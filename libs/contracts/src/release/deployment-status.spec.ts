import { normalizeBuildResult } from '../build/build-result.schema';
import { normalizeDeploymentStatus } from './deployment-status.schema';

describe('normalizeDeploymentStatus', () => {
  it.each([
    ['succeeded', 'succeeded'],
    ['Succeeded', 'succeeded'],
    ['PARTIALLYSUCCEEDED', 'partiallySucceeded'],
    ['partiallySucceeded', 'partiallySucceeded'],
    ['inprogress', 'inProgress'],
    ['NotStarted', 'notStarted'],
    ['notDeployed', 'notStarted'],
    ['cancelled', 'canceled'],
    ['rejected', 'failed'],
    ['scheduled', 'queued'],
    ['Pending', 'queued'],
    ['  failed ', 'failed'],
    ['something-new', 'undefined'],
    [42, 'undefined'],
    [null, 'undefined'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeDeploymentStatus(input)).toBe(expected);
  });
});

describe('normalizeBuildResult', () => {
  it.each([
    ['Succeeded', 'succeeded'],
    ['partiallySucceeded', 'partiallySucceeded'],
    ['canceled', 'canceled'],
    ['stopped', 'canceled'],
    ['completed', undefined],
    [undefined, undefined],
  ])('%j → %s', (input, expected) => {
    expect(normalizeBuildResult(input)).toBe(expected);
  });
});
