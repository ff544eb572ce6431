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

// The Char production of XML 1.0: anything else makes the SVG unreadable to XML parsers and browsers.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('BadgeDrawing with control characters', () => {
  it('draws valid XML when a name carries control characters, keeping the readable text', () => {
    const drawing = new BadgeDrawing();
    for (const style of badgeStyles) {
      const svg = drawing.svg({ label: 'dev\u0007', message: 'Release-1\u0000 succeeded\u001b', color: 'green', style });
      expect(svg).not.toMatch(NOT_XML_CHAR);
      expect(svg.toLowerCase()).toContain('release-1 succeeded');
    }
    expect(drawing.svg({ label: 'a\tb\r\nc', message: '\ud800x', color: 'red', style: 'flat' })).not.toMatch(NOT_XML_CHAR);
  });

  it('keeps the Shields JSON free of them too, so shields.io shows the same text', () => {
    const json = JSON.parse(shieldsEndpointJson({ label: 'dev\u0007', message: 'R-1\u0000 failed', color: 'red', style: 'flat' }, 60));
    expect(json).toMatchObject({ label: 'dev', message: 'R-1 failed' });
  });
});

describe('shieldsEndpointJson', () => {
  it('is a shields.io endpoint document', () => {
    const json = JSON.parse(shieldsEndpointJson({ label: 'prod', message: 'R-1 failed', color: 'red', style: 'plastic' }, 60));
    expect(json).toEqual({ schemaVersion: 1, label: 'prod', message: 'R-1 failed', color: 'red', style: 'plastic', cacheSeconds: 60 });
  });
});
