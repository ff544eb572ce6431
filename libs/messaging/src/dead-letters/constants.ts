/** Dead letters per page when the caller does not say. */
export const DEAD_LETTER_PAGE_DEFAULT = 100;
/** The most dead letters one page may hold: a page is held in memory (bodies included) and sent whole. */
export const DEAD_LETTER_PAGE_MAX = 1000;
