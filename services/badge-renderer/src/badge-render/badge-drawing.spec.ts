import { makeBadge } from 'badge-maker';
import { badgeStyles } from '../badge-style/badge-style';
import { BadgeDrawing, shieldsEndpointJson } from './badge-drawing';

describe('BadgeDrawing', () => {
  it('draws the same SVG as badge-maker in all five styles', () => {
    const drawing = new BadgeDrawing();
    for (const style of badgeStyles) {
      const look = { label: 'prod', message: 'Release-7 succeeded', color: 'brightgreen', style };
      const svg = drawing.svg(look);
      expect(svg).toBe(makeBadge(look));
      expect(svg).toContain('<svg');
      expect(svg.toLowerCase()).toContain('release-7 succeeded');
    }
    // for-the-badge upper-cases; all five differ from each other
    expect(new Set(badgeStyles.map((style) => drawing.svg({ label: 'a', message: 'b', color: 'red', style }))).size).toBe(5);
  });

  it('memoizes identical badges and evicts the least recently used', () => {
    const drawing = new BadgeDrawing(2);
    const look = (message: string) => ({ label: 'dev', message, color: 'blue', style: 'flat' as const });
    drawing.svg(look('a'));
    drawing.svg(look('a'));
    expect([drawing.hits, drawing.misses]).toEqual([1, 1]);
    drawing.svg(look('b'));
    drawing.svg(look('a'));
    drawing.svg(look('c')); // evicts b, the least recently used
    drawing.svg(look('a'));
    expect(drawing.hits).toBe(3);
    drawing.svg(look('b'));
    expect(drawing.misses).toBe(4);
  });

  it('escapes label and message text in the SVG', () => {
    const svg = new BadgeDrawing().svg({ label: '<dev>', message: 'a & b', color: 'red', style: 'flat' });
    expect(svg).not.toContain('<dev>');
    expect(svg).toContain('&lt;dev&gt;');
  });
});

describe('shieldsEndpointJson', () => {
  it('is a shields.io endpoint document', () => {
    const json = JSON.parse(shieldsEndpointJson({ label: 'prod', message: 'R-1 failed', color: 'red', style: 'plastic' }, 60));
    expect(json).toEqual({ schemaVersion: 1, label: 'prod', message: 'R-1 failed', color: 'red', style: 'plastic', cacheSeconds: 60 });
  });
});
