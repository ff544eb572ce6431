import { presentationFor } from './presentation-from-metadata';

const defaults = { style: 'flat' as const, maxAgeSeconds: 60 };

describe('presentationFor', () => {
  it('takes the style and max-age the ingress copied from X-Badge-* headers', () => {
    expect(presentationFor({ badgeStyle: 'social', badgeMaxAge: '300' }, defaults)).toEqual({ style: 'social', maxAgeSeconds: 300 });
    expect(presentationFor({ 'x-badge-style': 'Flat-Square' }, defaults)).toEqual({ style: 'flat-square', maxAgeSeconds: 60 });
  });

  it('keeps the service defaults for missing or invalid values rather than failing the badge', () => {
    expect(presentationFor(undefined, defaults)).toEqual(defaults);
    expect(presentationFor({ badgeStyle: 'rounded', badgeMaxAge: '-5' }, defaults)).toEqual(defaults);
    expect(presentationFor({ badgeMaxAge: '99999999999' }, defaults)).toEqual(defaults);
    // At most one year, the bound the ingress checks the header against.
    expect(presentationFor({ badgeMaxAge: '31536000' }, defaults)).toEqual({ ...defaults, maxAgeSeconds: 31_536_000 });
    expect(presentationFor({ badgeMaxAge: '31536001' }, defaults)).toEqual(defaults);
  });
});
