import { DuplicateDetection } from './duplicate-detection';

describe('DuplicateDetection', () => {
  it('flags an id seen within the window and forgets it afterwards', () => {
    let now = 0;
    const detection = new DuplicateDetection(1000, () => now);
    expect(detection.isDuplicate('a')).toBe(false);
    now = 999;
    expect(detection.isDuplicate('a')).toBe(true);
    expect(detection.isDuplicate('b')).toBe(false);
    now = 1000;
    expect(detection.isDuplicate('a')).toBe(false);
    now = 1500;
    expect(detection.isDuplicate('b')).toBe(true);
  });
});
