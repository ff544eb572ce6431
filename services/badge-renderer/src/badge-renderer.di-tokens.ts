/** Nest injection tokens for values that are not classes. */
export const BADGE_RENDERER_CONFIG = Symbol('BADGE_RENDERER_CONFIG');
export const BADGE_LOGGER = Symbol('BADGE_LOGGER');
