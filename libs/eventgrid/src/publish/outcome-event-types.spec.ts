import { BadgeRendered, BuildQueued, CheckDecided } from '@switchyard/contracts';
import { outcomeEventTypes } from './outcome-event-types';

describe('outcomeEventTypes', () => {
  it('is badge rendered, build queued and check decided, and no inbound Azure DevOps event', () => {
    expect(outcomeEventTypes().sort()).toEqual([BadgeRendered.type, BuildQueued.type, CheckDecided.type].sort());
  });
});
