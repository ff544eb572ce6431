/** The five styles badge-maker draws (and shields.io accepts as `style`). */
export const badgeStyles = ['flat', 'flat-square', 'plastic', 'for-the-badge', 'social'] as const;
export type BadgeStyle = (typeof badgeStyles)[number];

export function isBadgeStyle(value: string): value is BadgeStyle {
  return (badgeStyles as readonly string[]).includes(value);
}

/** How a badge is drawn and cached; set service-wide by config, overridable per hook subscription. */
export interface BadgePresentation {
  style: BadgeStyle;
  /** Seconds in `Cache-Control: public, max-age=<n>`. */
  maxAgeSeconds: number;
}
