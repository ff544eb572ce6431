/**
 * The status an admitted request is counted with when its connection closed before it was answered
 * (nginx's "client closed request"). Never sent: nobody is left to send it to.
 */
export const CLOSED_BEFORE_ANSWER = 499;

/** The `code` it is counted and logged with (not a problem code: no problem is sent). */
export const CLOSED_BEFORE_ANSWER_CODE = 'CONNECTION_CLOSED';
